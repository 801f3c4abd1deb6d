using System.Security.Cryptography;
using Dapper;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

public sealed class GenerateCommandTests
{
    private static async Task<string> ProfileChinookAsync(TempDir dir)
    {
        var db = dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "-q", "-o", dir.File("chinook.json"));
        Assert.True(code == 0, error);
        return dir.File("chinook.json");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task Chinook_round_trip_keeps_exact_counts_integrity_and_fan_out(double scale)
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        var source = await ProfileSerializer.ReadAsync(profilePath);
        var plan = GenerationPlanner.Plan(source, new ScaleOptions { Scale = scale });
        var target = dir.File("out.db");
        var (code, _, error) = await CliRunner.RunAsync("generate", profilePath, "--scale",
            scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--target", target, "-q");
        Assert.True(code == 0, error);

        await using (var c = new SqliteConnection($"Data Source={target}"))
        {
            Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
            Assert.Equal("ok", await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        }

        // the generated side is measured exactly (k = 1): the default k would merge its fan-out bins too
        var (code2, _, error2) = await CliRunner.RunAsync("profile", target, "-q", "--min-count", "1", "-o", dir.File("again.json"));
        Assert.True(code2 == 0, error2);
        var again = await ProfileSerializer.ReadAsync(dir.File("again.json"));
        foreach (var t in source.Tables)
        {
            var g = again.Tables.Single(x => x.Name == t.Name);
            Assert.Equal(plan[t.Name].TargetRows, g.RowCount);
            if (!Adjusted(plan[t.Name]))
                Assert.Equal((long)Math.Round(t.RowCount * scale, MidpointRounding.AwayFromZero), g.RowCount);
            foreach (var fk in t.ForeignKeys)
            {
                var gfk = g.ForeignKeys.Single(f => f.Columns.SequenceEqual(fk.Columns));
                // the bound holds when parent and child keep the same factor: not when the plan had to cap or raise one
                // (at ×0.1 PlaylistTrack is capped at 2 playlists × 350 tracks, so no track can keep 3+ playlists)
                var sameFactor = !Adjusted(plan[t.Name]) && !Adjusted(plan[fk.ReferencedTable]);
                if (sameFactor && fk.Stats!.ParentRows >= 50 && gfk.Stats!.ParentRows >= 50)
                {
                    var ks = FanOutDistance.KolmogorovSmirnov(fk.Stats.Histogram, gfk.Stats.Histogram);
                    Assert.True(ks <= 0.02, $"{t.Name}.{string.Join(",", fk.Columns)} at ×{scale}: KS {ks:F4}");
                }
            }
        }
    }

    [Fact]
    public async Task Same_seed_gives_identical_sql_and_csv_bytes_and_another_seed_differs()
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        foreach (var (seed, name) in new[] { ("7", "a.sql"), ("7", "b.sql"), ("8", "c.sql") })
            Assert.Equal(0, (await CliRunner.RunAsync("generate", profilePath, "--scale", "0.5", "--seed", seed, "--format", "sql",
                "--out", dir.File(name), "-q")).ExitCode);
        Assert.Equal(Hash(dir.File("a.sql")), Hash(dir.File("b.sql")));
        Assert.NotEqual(Hash(dir.File("a.sql")), Hash(dir.File("c.sql")));

        foreach (var name in new[] { "csv1", "csv2" })
            Assert.Equal(0, (await CliRunner.RunAsync("generate", profilePath, "--scale", "0.5", "--seed", "7", "--format", "csv", "--out",
                dir.File(name), "-q")).ExitCode);
        var files = Directory.GetFiles(dir.File("csv1")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(11, files.Count);
        foreach (var f in files)
            Assert.Equal(Hash(Path.Combine(dir.File("csv1"), f!)), Hash(Path.Combine(dir.File("csv2"), f!)));
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_writes_nothing()
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        var before = Directory.GetFileSystemEntries(dir.Path).Length;
        var (code, output, _) = await CliRunner.RunAsync("generate", profilePath, "--scale", "3", "--scale-table", "Playlist=10", "--keep",
            "Genre", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("Playlist", output, StringComparison.Ordinal);
        Assert.Matches(@"PlaylistTrack +8715 → 87150 +×10 +inherited: follows parent 'Playlist'", output);
        Assert.Contains("Genre", output, StringComparison.Ordinal);
        Assert.Contains("kept", output, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path).Length);
    }

    [Theory]
    [InlineData(new[] { "--scale-table", "Tracks=2" }, 2, "did you mean 'Track'")]
    [InlineData(new[] { "--keep", "Genres" }, 2, "did you mean 'Genre'")]
    [InlineData(new[] { "--scale", "0" }, 1, "--scale must be a number from 0.001 to 1000")]
    [InlineData(new[] { "--scale", "-2" }, 1, "--scale must be a number from 0.001 to 1000")]
    [InlineData(new[] { "--scale", "abc" }, 1, "--scale must be a number from 0.001 to 1000 (got 'abc')")]
    [InlineData(new[] { "--scale-table", "Track" }, 2, "is not TABLE=FACTOR")]
    public async Task Bad_scale_options_fail_with_one_line_and_write_nothing(string[] extra, int exitCode, string expected)
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        var (code, _, error) = await CliRunner.RunAsync(["generate", profilePath, "--target", dir.File("out.db"), "-q", .. extra]);
        Assert.Equal(exitCode, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.db")));
    }

    [Fact]
    public async Task Malformed_and_newer_profiles_are_refused()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("bad.json"), "{ \"formatVersion\": 1, ");
        await File.WriteAllTextAsync(dir.File("new.json"), "{ \"formatVersion\": 4, \"tables\": [] }");
        var bad = await CliRunner.RunAsync("generate", dir.File("bad.json"), "--target", dir.File("o.db"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is not valid JSON", bad.Error, StringComparison.Ordinal);
        var newer = await CliRunner.RunAsync("generate", dir.File("new.json"), "--target", dir.File("o.db"));
        Assert.Equal(2, newer.ExitCode);
        Assert.Contains("Upgrade duckface", newer.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("o.db")));
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_unless_replace_and_the_source_is_never_touched()
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        var sourceDb = dir.File("chinook.db");
        var before = Hash(sourceDb);
        var (code, _, error) = await CliRunner.RunAsync("generate", profilePath, "--target", sourceDb, "-q");
        Assert.NotEqual(0, code);
        Assert.Contains("--replace", error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(sourceDb));

        var target = dir.File("t.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profilePath, "--scale", "0.1", "--target", target, "-q")).ExitCode);
        Assert.NotEqual(0, (await CliRunner.RunAsync("generate", profilePath, "--scale", "0.2", "--target", target, "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profilePath, "--scale", "0.2", "--target", target, "--replace",
            "-q")).ExitCode);
        await using var c = new SqliteConnection($"Data Source={target}");
        Assert.Equal(3503 / 5 + 1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Track"));
    }

    [Fact]
    public async Task An_unwritable_output_path_fails_cleanly()
    {
        using var dir = new TempDir();
        var profilePath = await ProfileChinookAsync(dir);
        var (code, _, error) = await CliRunner.RunAsync("generate", profilePath, "--format", "sql", "--out",
            dir.File("missing/dir/out.sql"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir.File("missing")));
    }

    [Fact]
    public async Task Target_and_format_options_are_checked()
    {
        var (code, _, error) = await CliRunner.RunAsync("generate", "x.json", "--format", "sql");
        Assert.Equal(1, code);
        Assert.Contains("--format and --out go together", error, StringComparison.Ordinal);
        (code, _, error) = await CliRunner.RunAsync("generate", "x.json");
        Assert.Equal(1, code);
        Assert.Contains("Say where to write", error, StringComparison.Ordinal);
    }

    private static bool Adjusted(TablePlan plan) => plan.Adjusted;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
