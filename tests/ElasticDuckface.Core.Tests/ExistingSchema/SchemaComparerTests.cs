using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.ExistingSchema;

/// <summary>The comparison of a profile with an existing schema (issue 10), on hand-built tables: no database.</summary>
public sealed class SchemaComparerTests
{
    private static readonly ExistingSchemaOptions s_options = new();

    private static ColumnProfile Column(string name, string type, bool nullable = true, Distribution? distribution = null,
        double nulls = 0, string? @default = null, bool autoIncrement = false)
    {
        var t = SqlType.Parse(type);
        return new ColumnProfile
        {
            Name = name, SqlType = type, Category = t.Category, Length = t.Length, Nullable = nullable, Default = @default,
            AutoIncrement = autoIncrement, EnumValues = t.EnumValues,
            Stats = distribution is null ? null : new ColumnStatistics { Distribution = distribution, NullFraction = nulls },
        };
    }

    private static TableProfile Table(string name, params ColumnProfile[] columns) =>
        new() { Name = name, Columns = columns, PrimaryKey = new KeyProfile("PRIMARY", [columns[0].Name]) };

    private static ForeignKeyProfile Fk(string column, string parent) =>
        new() { Name = "fk_" + column, Columns = [column], ReferencedTable = parent, ReferencedColumns = ["id"] };

    private static CategoricalDistribution Values(params string[] values) =>
        new() { Values = [.. values.Select(v => new CategoryFrequency(v, 1.0 / values.Length))] };

    [Fact]
    public void Profile_values_outside_the_targets_enum_are_fatal_and_a_profile_without_values_draws_members()
    {
        var profile = Table("t", Column("id", "INTEGER", false), Column("state", "VARCHAR(10)", distribution: Values("a", "c")),
            Column("kind", "VARCHAR(10)", distribution: new TextDistribution { Lengths = [1, 5] }));
        var target = Table("t", Column("id", "int(11)", false), Column("state", "enum('a','b')"), Column("kind", "enum('x','y')"));

        var comparison = SchemaComparer.Compare([profile], [target], s_options);

        var fatal = Assert.Single(comparison.Fatal);
        Assert.Equal((SchemaDifferenceKind.EnumMembers, "state"), (fatal.Kind, fatal.Column));
        Assert.Contains("'c'", fatal.Detail, StringComparison.Ordinal);
        var kind = comparison.Tables[0].Profile.Columns[2];
        Assert.Equal(ColumnCategory.Enum, kind.Category);
        Assert.Equal(["x", "y"], kind.EnumValues!);
    }

    [Fact]
    public void A_narrower_target_column_cuts_generated_text_and_warns_only_when_profiled_values_are_longer()
    {
        var profile = Table("t", Column("id", "INTEGER", false), Column("long", "VARCHAR(100)",
            distribution: new TextDistribution { Lengths = [3, 80] }),
            Column("short", "VARCHAR(100)", distribution: new TextDistribution { Lengths = [3, 10] }));
        var target = Table("t", Column("id", "INTEGER", false), Column("long", "VARCHAR(20)"), Column("short", "VARCHAR(20)"));

        var comparison = SchemaComparer.Compare([profile], [target], s_options);

        Assert.Equal([(DifferenceSeverity.Warning, "long"), (DifferenceSeverity.Info, "short")], comparison.Differences
            .Where(d => d.Kind == SchemaDifferenceKind.NarrowerColumn).Select(d => (d.Severity, d.Column!)));
        Assert.All(comparison.Tables[0].Profile.Columns.Skip(1), c => Assert.Equal(20, c.Length));
    }

    [Fact]
    public void Nulls_into_a_not_null_column_and_a_reference_the_profile_does_not_know_are_fatal()
    {
        var parent = Table("p", Column("id", "INTEGER", false));
        var child = Table("c", Column("id", "INTEGER", false), Column("note", "TEXT",
            distribution: new TextDistribution { Lengths = [1, 5] }, nulls: 0.1),
            Column("p_id", "INTEGER", distribution: new SequenceDistribution(1, 9)));
        var targetChild = Table("c", Column("id", "INTEGER", false), Column("note", "TEXT", nullable: false), Column("p_id", "INTEGER"))
            with { ForeignKeys = [Fk("p_id", "p")] };

        var comparison = SchemaComparer.Compare([child, parent], [targetChild, parent], s_options);

        Assert.True(comparison.Refused);
        Assert.Equal([SchemaDifferenceKind.NullabilityDiffers, SchemaDifferenceKind.ForeignKeyOnlyInTarget],
            comparison.Fatal.Select(d => d.Kind).Order());
    }

    [Fact]
    public void Append_moves_each_key_and_the_references_to_it_by_its_own_tables_largest_and_rows_are_projected_and_converted()
    {
        var parent = Table("p", Column("id", "INTEGER", false, new SequenceDistribution(1, 3)));
        var child = Table("c", Column("id", "INTEGER", false, new SequenceDistribution(1, 5)), Column("p_id", "INTEGER"),
            Column("flag", "BOOLEAN"), Column("gone", "TEXT")) with { ForeignKeys = [Fk("p_id", "p")] };
        var targetChild = Table("c", Column("flag", "tinyint(4)"), Column("id", "INTEGER", false), Column("p_id", "INTEGER"),
            Column("added", "INTEGER", @default: "7")) with { ForeignKeys = [Fk("p_id", "p")] };

        var comparison = SchemaComparer.Compare([child, parent], [targetChild, parent], s_options)
            .WithKeysAfter(new Dictionary<string, long> { ["p"] = 100, ["c"] = 1000 });

        Assert.False(comparison.Refused);
        var mapping = comparison.Tables.Single(t => t.Profile.Name == "c");
        Assert.Equal(["flag", "id", "p_id"], mapping.Target.Columns.Select(c => c.Name));
        Assert.Equal([1L, 1002L, 103L], mapping.Project([2L, 3L, true, "x"]));
        Assert.Contains(comparison.Differences, d => d is { Kind: SchemaDifferenceKind.ColumnOnlyInTarget, Column: "added",
            Severity: DifferenceSeverity.Info });
    }

    [Theory]
    [InlineData(ColumnCategory.Integer, ColumnCategory.Decimal, DifferenceSeverity.Info)]
    [InlineData(ColumnCategory.Float, ColumnCategory.Integer, DifferenceSeverity.Warning)]
    [InlineData(ColumnCategory.Date, ColumnCategory.DateTime, DifferenceSeverity.Info)]
    [InlineData(ColumnCategory.Binary, ColumnCategory.Integer, DifferenceSeverity.Fatal)]
    [InlineData(ColumnCategory.Text, ColumnCategory.Date, DifferenceSeverity.Fatal)]
    public void Type_categories_convert_or_refuse(ColumnCategory from, ColumnCategory to, DifferenceSeverity severity) =>
        Assert.Equal(severity, TargetValues.Fit(from, to)!.Value.Severity);
}
