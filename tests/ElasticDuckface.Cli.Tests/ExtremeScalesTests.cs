using Dapper;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

public sealed class ExtremeScalesTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    [Fact]
    public async Task A_thousandth_of_chinook_still_gives_a_consistent_database()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--scale", "0.001", "--target", dir.File("tiny.db"));
        Assert.True(code == 0, error);
        Assert.Contains("raised to 1 row", error, StringComparison.Ordinal);
        await using var c = new SqliteConnection($"Data Source={dir.File("tiny.db")}");
        Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
        Assert.Equal(4, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Track"));
    }

    [Fact]
    public async Task A_thousandfold_plan_is_exact_and_instant_with_dry_run()
    {
        var (code, output, _) = await CliRunner.RunAsync("generate", Chinook, "--scale", "1000", "--dry-run");
        Assert.Equal(0, code);
        Assert.Matches(@"PlaylistTrack +8715 → 8715000 +×1000", output);
        Assert.Matches(@"Track +3503 → 3503000 +×1000", output);
    }
}
