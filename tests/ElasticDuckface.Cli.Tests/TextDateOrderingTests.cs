using System.Globalization;
using Dapper;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Orderings between dates stored as TEXT (issue 14 part 2: SQLite's <c>rental_date TEXT</c>, <c>return_date TEXT</c>):
/// learned by parsing the text in its detected format, generated so the later column never precedes the earlier one,
/// written in the same format and within the profiled range, and measured by verify.
/// </summary>
public sealed class TextDateOrderingTests
{
    private const int Rows = 2000;

    /// <summary>A loan table: <c>start</c> over about nine months, <c>end</c> 0–30 days later or NULL (one in eight).</summary>
    private static async Task<string> SourceAsync(TempDir dir, string format)
    {
        var path = dir.File("source.db");
        await using var c = new SqliteConnection($"Data Source={path}");
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, start TEXT NOT NULL, \"end\" TEXT)");
        await using var tx = await c.BeginTransactionAsync();
        var first = new DateTime(2005, 5, 24, 22, 53, 30);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 1; i <= Rows; i++)
        {
            var h = (uint)(i * 2654435761u);
            var start = DateTime.ParseExact(first.AddSeconds(h % 23_000_000).ToString(format, inv), format, inv);
            var end = start.AddSeconds((h >> 7) % (30 * 86_400 + 1));
            await c.ExecuteAsync("INSERT INTO loan VALUES (@i, @s, @e)", new
            {
                i,
                s = start.ToString(format, inv),
                e = i % 8 == 0 ? null : end.ToString(format, inv),
            }, tx);
        }

        await tx.CommitAsync();
        return path;
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss")]
    [InlineData("yyyy-MM-dd")]
    public async Task Text_date_ordering_is_learned_and_kept_in_format_and_range_and_verify_passes(string format)
    {
        using var dir = new TempDir();
        var source = await SourceAsync(dir, format);
        var profilePath = dir.File("p.json");
        var profiled = await CliRunner.RunAsync("profile", source, "-q", "-o", profilePath);
        Assert.True(profiled.ExitCode == 0, profiled.Error);
        var table = ProfileSerializer.Deserialize(await File.ReadAllTextAsync(profilePath)).Tables.Single();
        var ordering = Assert.Single(table.Orderings);
        Assert.Equal(("end", "start", 1.0), (ordering.Column, ordering.After, ordering.Share));
        Assert.InRange(ordering.GapSeconds[^1], 25 * 86_400, 30 * 86_400);

        var target = dir.File("out.db");
        var generated = await CliRunner.RunAsync("generate", profilePath, "--scale", "3", "--target", target, "-q");
        Assert.True(generated.ExitCode == 0, generated.Error);
        var inv = CultureInfo.InvariantCulture;
        List<(string Start, string? End)> rows;
        await using (var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly"))
        {
            await c.OpenAsync();
            rows = [.. await c.QueryAsync<(string, string?)>("SELECT start, \"end\" FROM loan")];
        }

        Assert.Equal(3 * Rows, rows.Count);
        var (startLo, startHi) = Range(table, "start", format);
        var (endLo, endHi) = Range(table, "end", format);
        Assert.InRange(rows.Count(r => r.End is null), 3 * Rows / 8 * 0.8, 3 * Rows / 8 * 1.2);
        foreach (var (s, e) in rows)
        {
            Assert.True(DateTime.TryParseExact(s, format, inv, DateTimeStyles.None, out var start), $"start '{s}' is not {format}");
            Assert.InRange(start, startLo, startHi);
            if (e is null)
                continue;
            Assert.True(DateTime.TryParseExact(e, format, inv, DateTimeStyles.None, out var end), $"end '{e}' is not {format}");
            Assert.InRange(end, endLo, endHi);
            Assert.True(end >= start, $"end {e} before start {s}");
        }

        var verified = await CliRunner.RunAsync("verify", profilePath, "--target", target, "--scale", "3", "-q");
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
    }

    /// <summary>A column's profiled range: its first and last quantiles.</summary>
    private static (DateTime Lo, DateTime Hi) Range(TableProfile table, string column, string format)
    {
        var d = Assert.IsType<DateTimeDistribution>(table.FindColumn(column)!.Stats!.Distribution);
        Assert.Equal(format, d.Format);
        static DateTime At(string iso) => DateTime.ParseExact(iso, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return (At(d.Quantiles[0]), At(d.Quantiles[^1]));
    }
}
