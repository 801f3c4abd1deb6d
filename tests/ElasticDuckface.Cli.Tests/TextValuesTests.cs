using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Dates, times and numbers stored as TEXT (the usual SQLite habit, issue 14 part 2): profiled as what they are and
/// generated in the same textual format within the profiled range, so an application that parses them still can.
/// </summary>
public sealed partial class TextValuesTests
{
    private const int Rows = 1500;

    /// <summary>Each TEXT column with the exact format its values are written in.</summary>
    private static readonly (string Column, string Format)[] s_columns =
    [
        ("rental_date", "yyyy-MM-dd HH:mm:ss"), ("due_day", "yyyy-MM-dd"), ("opened_at", "HH:mm"),
        ("amount", "0.00"), ("quantity", "0"), ("stamp", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
    ];

    [GeneratedRegex(@"^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex RequestIdRegex();

    /// <summary>A rental table whose dates, times, amounts and counts are all TEXT, plus a request id req-&lt;uuid v4&gt;.</summary>
    private static async Task<string> SourceAsync(TempDir dir)
    {
        var path = dir.File("source.db");
        await using var c = new SqliteConnection($"Data Source={path}");
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TEXT NOT NULL, due_day TEXT, "
            + "opened_at TEXT, amount TEXT, quantity TEXT, stamp TEXT, request_id TEXT)");
        await using var tx = await c.BeginTransactionAsync();
        var start = new DateTime(2005, 5, 24, 22, 53, 30);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 1; i <= Rows; i++)
        {
            // a deterministic spread over 2005-05-24 .. 2006-02-14, as Sakila's rentals run
            var h = (uint)(i * 2654435761u);
            var at = start.AddSeconds(h % 23_000_000);
            var guid = new Guid((int)h, (short)i, (short)(0x4000 | (i & 0x0FFF)), 0x80, (byte)i, 1, 2, 3, 4, 5, (byte)(h >> 8));
            await c.ExecuteAsync("INSERT INTO rental VALUES (@i, @d, @day, @t, @a, @q, @s, @r)", new
            {
                i,
                d = at.ToString("yyyy-MM-dd HH:mm:ss", inv),
                day = i % 7 == 0 ? null : at.AddDays(3 + h % 5).ToString("yyyy-MM-dd", inv),
                t = TimeSpan.FromMinutes(7 * 60 + h % 720).ToString(@"hh\:mm", inv),
                a = (0.99 + h % 1100 / 100.0).ToString("0.00", inv),
                q = (1 + h % 400).ToString(inv),
                s = at.AddMilliseconds(h % 1000).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv),
                r = "req-" + guid.ToString("D"),
            }, tx);
        }

        await tx.CommitAsync();
        return path;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    public async Task Text_dates_and_numbers_come_back_parseable_in_their_format_and_range_and_verify_passes(string scale)
    {
        using var dir = new TempDir();
        var source = await SourceAsync(dir);
        var profilePath = dir.File("p.json");
        var profiled = await CliRunner.RunAsync("profile", source, "-q", "-o", profilePath);
        Assert.True(profiled.ExitCode == 0, profiled.Error);
        var profile = ProfileSerializer.Deserialize(await File.ReadAllTextAsync(profilePath));
        var table = profile.Tables.Single();
        var requestIds = Assert.IsType<TextDistribution>(table.FindColumn("request_id")!.Stats!.Distribution);
        Assert.Equal(("req-", 4), (requestIds.Prefix, requestIds.UuidVersion));

        var target = dir.File("out.db");
        var generated = await CliRunner.RunAsync("generate", profilePath, "--scale", scale, "--target", target, "-q");
        Assert.True(generated.ExitCode == 0, generated.Error);

        await using (var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly"))
        {
            await c.OpenAsync();
            foreach (var (column, format) in s_columns)
            {
                var (lo, hi) = Range(table.FindColumn(column)!.Stats!.Distribution, format);
                var values = (await c.QueryAsync<string?>($"SELECT {column} FROM rental")).Where(v => v is not null).ToList();
                Assert.NotEmpty(values);
                Assert.All(values, v =>
                {
                    var x = Parse(v!, format);
                    Assert.True(x is not null, $"{column}: '{v}' is not {format}");
                    Assert.True(x!.Value >= lo && x.Value <= hi, $"{column}: {v} outside [{lo}, {hi}]");
                });
            }

            var ids = (await c.QueryAsync<string>("SELECT request_id FROM rental")).ToList();
            Assert.All(ids, id => Assert.Matches(RequestIdRegex(), id));
        }

        var verified = await CliRunner.RunAsync("verify", profilePath, "--target", target, "--scale", scale, "-q");
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
    }

    [Fact]
    public async Task A_text_date_column_replaced_by_lorem_fails_verify_with_exit_4()
    {
        using var dir = new TempDir();
        var source = await SourceAsync(dir);
        var profilePath = dir.File("p.json");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", source, "-q", "-o", profilePath)).ExitCode);
        var target = dir.File("out.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profilePath, "--target", target, "-q")).ExitCode);
        await using (var c = new SqliteConnection($"Data Source={target}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("UPDATE rental SET rental_date = 'alias cumque asperi ' || rental_id");
        }

        var json = dir.File("f.json");
        var (code, output, error) = await CliRunner.RunAsync("verify", profilePath, "--target", target, "--json", json, "-q");
        Assert.True(code == 4, output + error);
        var report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(json));
        var column = report.Tables.Single().Columns.Single(x => x.Name == "rental_date");
        Assert.Equal((MetricStatus.Failed, true), (column.Status, column.ValuesUnusable));
        // the other text columns still pass: only the broken one is named
        Assert.All(report.Tables.Single().Columns.Where(x => x.Name != "rental_date"), x => Assert.NotEqual(MetricStatus.Failed, x.Status));
        _ = JsonDocument.Parse(await File.ReadAllTextAsync(json));
    }

    /// <summary>The profiled range of a column in the units <see cref="Parse"/> returns.</summary>
    private static (double Lo, double Hi) Range(Distribution d, string format)
    {
        switch (d)
        {
            case DateTimeDistribution dt:
                Assert.Equal(format, dt.Format);
                return (Seconds(dt.Quantiles[0]), Seconds(dt.Quantiles[^1]));
            case NumericDistribution n:
                Assert.Equal(format, n.Format);
                // a number comes back rounded as its format writes it: half a unit of the last digit either side
                var half = format.Contains('.', StringComparison.Ordinal) ? 0.5 * Math.Pow(10, -format.Split('.')[1].Length) : 0.5;
                var slack = format.StartsWith('H') ? 60 : half;
                return (n.Quantiles[0] - slack, n.Quantiles[^1] + slack);
            case CategoricalDistribution c:
                // frequent values kept verbatim, in the same format, and the rest
                var kept = c.Values.Select(v => Parse(v.Value, format) ?? throw new Xunit.Sdk.XunitException(v.Value)).ToList();
                var rest = c.Other is null ? (kept.Min(), kept.Max()) : Range(c.Other, format);
                return (kept.Append(rest.Item1).Min(), kept.Append(rest.Item2).Max());
            default:
                throw new Xunit.Sdk.XunitException($"expected dates or numbers with a format, got {d.GetType().Name}");
        }
    }

    private static double Seconds(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture).Ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>The value of text written exactly in <paramref name="format"/> (dates as seconds, times as seconds of the day).</summary>
    private static double? Parse(string text, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        if (format.StartsWith('H'))
            return DateTime.TryParseExact(text, format, inv, DateTimeStyles.NoCurrentDateDefault, out var t)
                ? t.TimeOfDay.TotalSeconds
                : null;
        if (format.StartsWith('y'))
            return DateTime.TryParseExact(text, format, inv, DateTimeStyles.None, out var d)
                ? d.Ticks / (double)TimeSpan.TicksPerSecond
                : null;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, inv, out var x)
            && x.ToString(format, inv) == text ? x : null;
    }
}
