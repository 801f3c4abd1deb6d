using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests;

public sealed class SqlTypeTests
{
    [Theory]
    [InlineData("INTEGER", ColumnCategory.Integer)]
    [InlineData("int(10) unsigned", ColumnCategory.Integer)]
    [InlineData("bigint", ColumnCategory.Integer)]
    [InlineData("tinyint(1)", ColumnCategory.Boolean)]
    [InlineData("NVARCHAR(160)", ColumnCategory.String)]
    [InlineData("varchar(255)", ColumnCategory.String)]
    [InlineData("NUMERIC(10,2)", ColumnCategory.Decimal)]
    [InlineData("double", ColumnCategory.Float)]
    [InlineData("DATETIME", ColumnCategory.DateTime)]
    [InlineData("mediumtext", ColumnCategory.Text)]
    [InlineData("longblob", ColumnCategory.Binary)]
    [InlineData("json", ColumnCategory.Json)]
    [InlineData("enum('a','b')", ColumnCategory.Enum)]
    public void Declared_types_map_to_their_category(string declared, ColumnCategory expected) =>
        Assert.Equal(expected, SqlType.Parse(declared).Category);

    [Fact]
    public void Lengths_precision_unsigned_and_enum_members_are_parsed()
    {
        Assert.Equal(160, SqlType.Parse("NVARCHAR(160)").Length);
        var dec = SqlType.Parse("decimal(12,3)");
        Assert.Equal((12, 3), (dec.Precision!.Value, dec.Scale!.Value));
        Assert.True(SqlType.Parse("int(10) unsigned").Unsigned);
        Assert.Equal(["it's", "b,c", "d"], SqlType.Parse("enum('it''s','b,c','d')").EnumValues!);
        Assert.Equal(65_535, SqlType.Parse("text").Length);
    }
}
