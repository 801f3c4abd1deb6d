using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Privacy;

/// <summary>Issue 9: the privacy file (<c>profile --privacy FILE</c>) and what its markings do to a column's statistics.</summary>
public sealed class PrivacyFileTests
{
    private static readonly TableProfile s_customer = new()
    {
        Name = "Customer",
        Columns = [new() { Name = "Id", SqlType = "INTEGER" }, new() { Name = "Email", SqlType = "TEXT" }],
    };

    [Fact]
    public void Entries_are_markings_or_objects_and_suggest_output_reads_back()
    {
        var file = PrivacyFile.Parse("""
            { "tables": { "Genre": "public", "Customer": { "privacy": "confidential",
              "columns": { "Email": "drop", "Id": { "privacy": "default", "shape": "sequence", "why": "a key" } } } } }
            """);
        Assert.Equal(ColumnPrivacy.Public, file.Tables[0].Privacy);
        Assert.Equal(ColumnPrivacy.Confidential, file.Tables[1].Privacy);
        Assert.Equal([ColumnPrivacy.Drop, ColumnPrivacy.Default], file.Tables[1].Columns.Select(c => c.Privacy));
        var again = PrivacyFile.Parse(file.ToJson());
        Assert.Equal(file.Tables.Select(t => (t.Table, t.Privacy)), again.Tables.Select(t => (t.Table, t.Privacy)));
    }

    [Theory]
    [InlineData("{ \"tables\": ", "is not JSON")]
    [InlineData("[]", "needs an object \"tables\"")]
    [InlineData("{ \"tables\": { \"Genre\": \"secret\" } }", "$.tables.Genre is 'secret'; use public, confidential, drop or default")]
    [InlineData("{ \"tables\": { \"Genre\": { \"columns\": [] } } }", "$.tables.Genre.columns must be an object")]
    [InlineData("{ \"tables\": { \"Genre\": { \"columns\": { \"Name\": {} } } } }", "with \"privacy\"")]
    public void A_malformed_file_is_one_line_naming_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<DuckfaceException>(() => PrivacyFile.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }

    [Fact]
    public void Unknown_tables_and_columns_are_all_named_with_a_did_you_mean()
    {
        var file = PrivacyFile.Parse("""{ "tables": { "Customers": "public", "Customer": { "columns": { "Emial": "drop" } } } }""");
        var ex = Assert.Throws<DuckfaceException>(() => PrivacyMarking.Apply([s_customer], file));
        Assert.Contains("unknown table 'Customers' (did you mean 'Customer'?)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown column 'Customer.Emial' (did you mean 'Email'?)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }

    [Fact]
    public void A_column_marking_wins_over_its_tables()
    {
        var file = PrivacyFile.Parse("""{ "tables": { "Customer": { "privacy": "public", "columns": { "Email": "confidential" } } } }""");
        var marked = PrivacyMarking.Apply([s_customer], file)[0];
        Assert.Equal(ColumnPrivacy.Public, marked.Privacy);
        Assert.Equal([ColumnPrivacy.Public, ColumnPrivacy.Confidential], marked.Columns.Select(c => c.Privacy!.Value));
    }

    private static string Json(ColumnStatistics stats) =>
        System.Text.Json.JsonSerializer.Serialize(stats, ProfileSerializer.Options);

    /// <summary>Random text values, each held by 1 to 30 rows: rare and frequent ones.</summary>
    private static List<object?> Values(int seed, out Dictionary<string, int> counts)
    {
        var rnd = new Random(seed);
        counts = [];
        var values = new List<object?>();
        for (var v = rnd.Next(2, 12); v > 0; v--)
        {
            var value = "v" + rnd.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var n = rnd.Next(1, 31);
            counts[value] = counts.GetValueOrDefault(value) + n;
            values.AddRange(Enumerable.Repeat<object?>(value, n));
        }

        return values;
    }

    [Property(MaxTest = 150)]
    public Property Confidential_keeps_no_value_and_public_keeps_every_value_rare_or_not(PositiveInt seed)
    {
        var values = Values(seed.Get, out var counts);
        var column = new ColumnProfile { Name = "c", SqlType = "TEXT", Category = ColumnCategory.String };
        var settings = new ProfileSettings();
        var secret = column with { Privacy = ColumnPrivacy.Confidential };
        var confidential = Json(ColumnAnalyzer.Analyze(secret, values, values.Count, settings));
        var open = Json(ColumnAnalyzer.Analyze(column with { Privacy = ColumnPrivacy.Public }, values, values.Count, settings));
        var byDefault = Json(ColumnAnalyzer.Analyze(column, values, values.Count, settings));
        var ok = counts.Keys.All(v => !confidential.Contains(v, StringComparison.Ordinal))
            && counts.Keys.All(v => open.Contains(v, StringComparison.Ordinal))
            && counts.Where(c => c.Value < settings.MinCount).All(c => !byDefault.Contains(c.Key, StringComparison.Ordinal));
        return ok.Label(string.Join(", ", counts.Select(c => $"{c.Key}×{c.Value}")));
    }

    [Fact]
    public void A_confidential_number_or_date_column_keeps_only_a_coarse_range()
    {
        var numbers = Enumerable.Range(0, 500).Select(i => (object?)(double)(i % 50 * 7.3)).ToList();
        var column = new ColumnProfile
        {
            Name = "n", SqlType = "REAL", Category = ColumnCategory.Float, Privacy = ColumnPrivacy.Confidential,
        };
        var stats = ColumnAnalyzer.Analyze(column, numbers, numbers.Count, new ProfileSettings());
        var numeric = Assert.IsType<NumericDistribution>(stats.Distribution);
        // a range around every value (one significant digit outward, moved off the values themselves), nothing inside it
        Assert.Equal(2, numeric.Quantiles.Count);
        Assert.True(numeric.Quantiles[0] <= 0.5 && numeric.Quantiles[1] == 400, string.Join(", ", numeric.Quantiles));
        Assert.DoesNotContain(numeric.Quantiles, q => numbers.Contains(q));
        var dates = Enumerable.Range(0, 500).Select(i => (object?)new DateTime(2020, 3, 5).AddDays(i % 40)).ToList();
        var dateColumn = column with { Category = ColumnCategory.DateTime, SqlType = "DATETIME" };
        var dateStats = ColumnAnalyzer.Analyze(dateColumn, dates, dates.Count, new ProfileSettings());
        var d = Assert.IsType<DateTimeDistribution>(dateStats.Distribution);
        Assert.Equal(["2020-01-01T00:00:00", "2021-01-01T00:00:00"], d.Quantiles);
    }
}
