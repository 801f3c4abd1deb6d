using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Tests;

/// <summary>Issue 12: a MySQL source type the writer cannot generate is named in one line before any table is created.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlPreflightTests(MariaDbServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    private static TableProfile Table(string name, params ColumnProfile[] columns) =>
        new() { Name = name, Columns = columns, PrimaryKey = new KeyProfile("PRIMARY", [columns[0].Name]) };

    private static ColumnProfile Column(string name, string sqlType, ColumnCategory category) =>
        new() { Name = name, SqlType = sqlType, Category = category };

    [Theory]
    [InlineData("bit(8)", true)]
    [InlineData("BIT(64)", true)]
    [InlineData("point", true)]
    [InlineData("GEOMETRY", true)]
    [InlineData("multipolygon", true)]
    [InlineData("bit(1)", false)]
    [InlineData("int(11)", false)]
    [InlineData("pointer_like varchar", false)]
    public void Unsupported_types_are_recognised(string sqlType, bool refused) =>
        Assert.Equal(refused, MySqlPreflight.Reason(sqlType) is not null);

    [MySqlTheory]
    [InlineData("bit(8)", ColumnCategory.Integer)]
    [InlineData("point", ColumnCategory.Other)]
    public async Task An_unsupported_column_is_named_in_one_line_and_nothing_is_written(string sqlType, ColumnCategory category)
    {
        var url = await server.CreateDatabaseAsync("preflight");
        var good = Table("a", Column("id", "int(11)", ColumnCategory.Integer));
        var bad = Table("t", Column("id", "int(11)", ColumnCategory.Integer), Column("shape", sqlType, category));
        var location = MariaDbServer.Parse(url);
        DuckfaceException error;
        await using (var writer = await MySqlWriter.OpenAsync(location, "mysql", false, s_ct))
            error = await Assert.ThrowsAsync<DuckfaceException>(() => writer.CreateSchemaAsync([good, bad], s_ct));
        Assert.StartsWith($"Column t.shape ({sqlType}) cannot be generated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await MySqlEngine.Instance.ListTablesAsync(location, s_ct));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }
}
