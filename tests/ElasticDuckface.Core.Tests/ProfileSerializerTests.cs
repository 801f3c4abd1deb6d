using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using FsCheck;
using FsCheck.Fluent;

namespace ElasticDuckface.Core.Tests;

public sealed class ProfileSerializerTests
{
    private static DatabaseProfile Sample(long rows = 3, IReadOnlyList<double>? quantiles = null) => new()
    {
        Source = new ProfileSource("sqlite"),
        Settings = new ProfileSettings(),
        Tables =
        [
            new TableProfile
            {
                Name = "parent",
                RowCount = rows,
                Columns =
                [
                    new ColumnProfile { Name = "id", SqlType = "INTEGER", Category = ColumnCategory.Integer,
                        Stats = new ColumnStatistics { DistinctCount = rows, Distribution = new SequenceDistribution(1, rows) } },
                    new ColumnProfile
                    {
                        Name = "v", SqlType = "REAL", Category = ColumnCategory.Float, Nullable = true,
                        Stats = new ColumnStatistics { NullFraction = 0.5, DistinctCount = 2,
                            Distribution = new NumericDistribution { Quantiles = quantiles ?? [0.5, 1.5], Mean = 1, StdDev = 0.7 } },
                    },
                ],
                PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            },
            new TableProfile
            {
                Name = "child",
                RowCount = 2,
                Columns =
                [
                    new ColumnProfile { Name = "pid", SqlType = "INTEGER", Category = ColumnCategory.Integer,
                        Stats = new ColumnStatistics { Distribution = new CategoricalDistribution { Values = [new CategoryFrequency("1",
                        1)] } } },
                ],
                ForeignKeys =
                [
                    new ForeignKeyProfile
                    {
                        Name = "fk", Columns = ["pid"], ReferencedTable = "parent", ReferencedColumns = ["id"],
                        Stats = new FanOutStatistics { ParentRows = rows, ChildRows = 2,
                            Histogram = [new FanOutBin(0, rows - 1), new FanOutBin(2, 1)] },
                    },
                ],
            },
        ],
    };

    [Fact]
    public void Round_trip_gives_the_same_bytes() =>
        Prop.ForAll(
            Gen.Choose(1, 100_000).ToArbitrary(),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 7.0).ArrayOf().Where(a => a.Length >= 2).ToArbitrary(),
            (rows, q) =>
            {
                var text = ProfileSerializer.Serialize(Sample(rows, q));
                return text == ProfileSerializer.Serialize(ProfileSerializer.Deserialize(text));
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Output_is_camel_case_with_a_kind_discriminator_and_compact_number_arrays()
    {
        var text = ProfileSerializer.Serialize(Sample());
        Assert.Contains("\"formatVersion\": 2", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"sequence\"", text, StringComparison.Ordinal);
        Assert.Contains("\"quantiles\": [0.5, 1.5]", text, StringComparison.Ordinal);
        Assert.Contains("\"category\": \"integer\"", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "root must be an object")]
    [InlineData("{\"tables\": []}", "no numeric 'formatVersion'")]
    [InlineData("{\"formatVersion\": 99, \"tables\": []}", "newer than this duckface reads")]
    [InlineData("{\"formatVersion\": 1, \"source\": {\"dialect\": \"sqlite\"}, \"settings\": {}, \"tables\": [{\"name\": \"a\", \"rowCount\": \"x\", \"columns\": []}]}", "malformed at $.tables[0].rowCount")]
    [InlineData("{\"formatVersion\": 1, \"source\": {\"dialect\": \"sqlite\"}, \"settings\": {}}", "malformed")]
    public void Bad_profiles_are_rejected_with_one_line_that_names_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileSerializer.Deserialize(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }

    [Fact]
    public void A_verbatim_row_may_hold_null_values_but_a_null_row_is_refused()
    {
        // a public table's rows keep their NULLs (Nova's flavors.description, updated_at): two list levels down
        var sample = Sample();
        var parent = sample.Tables[0] with
        {
            Privacy = ElasticDuckface.Privacy.ColumnPrivacy.Public,
            Verbatim = new VerbatimRows(["id", "v"], [["1", null], ["2", "1.5"], ["3", null]]),
        };
        var text = ProfileSerializer.Serialize(sample with { Tables = [parent, sample.Tables[1]] });
        var read = ProfileSerializer.Deserialize(text);
        Assert.Equal([null, "1.5", null], read.Tables.Single(t => t.Name == "parent").Verbatim!.Rows.Select(r => r[1]));

        var nullRow = text.Replace("[\"2\", \"1.5\"]", "null", StringComparison.Ordinal);
        Assert.NotEqual(text, nullRow);
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileSerializer.Deserialize(nullRow));
        Assert.Contains("verbatim.rows[1] is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue12_a_profile_without_fractions_loads_unchanged_and_one_with_them_round_trips()
    {
        // the shipped profiles predate fractions: they load, every date-time has none, and they serialise as they were
        var old = ProfileSerializer.Deserialize(File.ReadAllText(SuiteProfiles.Profile("nova-example.json")));
        var temporal = old.Tables.SelectMany(t => t.Columns)
            .Where(c => c.Category is ColumnCategory.DateTime or ColumnCategory.Time && c.Stats is not null).ToList();
        Assert.NotEmpty(temporal);
        Assert.All(temporal, c => Assert.Null(c.Stats!.Fractions));
        Assert.DoesNotContain("fractions", ProfileSerializer.Serialize(old), StringComparison.Ordinal);

        var sample = Sample();
        var parent = sample.Tables[0];
        var at = new ColumnProfile
        {
            Name = "at", SqlType = "datetime(6)", Category = ColumnCategory.DateTime,
            Stats = new ColumnStatistics
            {
                DistinctCount = 3, Fractions = new SecondFractions(0.25, 3),
                Distribution = new DateTimeDistribution { HasTime = true, Quantiles = ["2020-01-01T00:00:00", "2020-02-01T00:00:00"] },
            },
        };
        var withAt = parent with { Columns = [.. parent.Columns, at] };
        var text = ProfileSerializer.Serialize(sample with { Tables = [withAt, sample.Tables[1]] });
        Assert.Contains("\"fractions\": {", text, StringComparison.Ordinal);
        var read = ProfileSerializer.Deserialize(text).Tables.Single(t => t.Name == "parent").Columns.Single(c => c.Name == "at");
        Assert.Equal(new SecondFractions(0.25, 3), read.Stats!.Fractions);
    }

    [Fact]
    public void A_foreign_key_to_an_unknown_table_is_reported()
    {
        var text = ProfileSerializer.Serialize(Sample()).Replace("\"referencedTable\": \"parent\"", "\"referencedTable\": \"nope\"",
            StringComparison.Ordinal);
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileSerializer.Deserialize(text));
        Assert.Contains("unknown table 'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_is_left_out_when_true_written_when_false_and_read_back_as_written()
    {
        var declared = Sample();
        var text = ProfileSerializer.Serialize(declared);
        Assert.DoesNotContain("declared", text, StringComparison.Ordinal);
        Assert.True(ProfileSerializer.Deserialize(text).Tables[1].ForeignKeys[0].Declared);

        var child = declared.Tables[1];
        var undeclared = declared with
        {
            Tables = [declared.Tables[0], child with { ForeignKeys = [child.ForeignKeys[0] with { Declared = false }] }],
        };
        var undeclaredText = ProfileSerializer.Serialize(undeclared);
        Assert.Contains("\"declared\": false", undeclaredText, StringComparison.Ordinal);
        Assert.False(ProfileSerializer.Deserialize(undeclaredText).Tables[1].ForeignKeys[0].Declared);
        Assert.Equal(undeclaredText, ProfileSerializer.Serialize(ProfileSerializer.Deserialize(undeclaredText)));
    }
    [Fact]
    public void MinChildren_is_left_out_when_zero_round_trips_when_set_and_a_negative_or_self_reference_is_refused()
    {
        var sample = Sample();
        Assert.DoesNotContain("minChildren", ProfileSerializer.Serialize(sample), StringComparison.Ordinal);
        var child = sample.Tables[1];
        var withMinimum = sample with
        {
            Tables = [sample.Tables[0], child with { ForeignKeys = [child.ForeignKeys[0] with { MinChildren = 2 }] }],
        };
        var text = ProfileSerializer.Serialize(withMinimum);
        Assert.Contains("\"minChildren\": 2", text, StringComparison.Ordinal);
        Assert.Equal(2, ProfileSerializer.Deserialize(text).Tables[1].ForeignKeys[0].MinChildren);
        Assert.Equal(text, ProfileSerializer.Serialize(ProfileSerializer.Deserialize(text)));

        var negative = Assert.Throws<ProfileFormatException>(() =>
            ProfileSerializer.Deserialize(text.Replace("\"minChildren\": 2", "\"minChildren\": -1", StringComparison.Ordinal)));
        Assert.Contains("minChildren is negative", negative.Message, StringComparison.Ordinal);
        var self = Assert.Throws<ProfileFormatException>(() => ProfileSerializer.Deserialize(
            text.Replace("\"referencedTable\": \"parent\"", $"\"referencedTable\": \"{child.Name}\"", StringComparison.Ordinal)));
        Assert.Contains("self-reference", self.Message, StringComparison.Ordinal);
    }
}
