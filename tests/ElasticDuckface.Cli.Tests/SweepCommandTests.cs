using System.Text.Json;

namespace ElasticDuckface.Cli.Tests;

/// <summary><c>duckface sweep</c> on SQLite files (no server needed): the table, the JSON, the offline HTML report, a baseline.</summary>
public sealed class SweepCommandTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    [Fact]
    public async Task A_sweep_prints_a_table_per_scale_and_writes_json_an_offline_report_and_compares_with_a_baseline()
    {
        using var dir = new TempDir();
        string[] common = ["sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"), "--scales", "0.05,0.1,0.2", "--repeat", "2",
            "--run", "true", "--predict", "10", "--work", dir.File("w"), "--max-growth", "quadratic"];
        var (code, output, error) = await CliRunner.RunAsync([.. common, "--json", dir.File("a.json"), "--report", dir.File("a.html")]);

        Assert.True(code == 0, error);
        Assert.Contains("×0.05", output, StringComparison.Ordinal);
        Assert.Contains("seconds median (min–max)", output, StringComparison.Ordinal);
        Assert.Contains("at ×10 (156,070 rows)", output, StringComparison.Ordinal);
        Assert.Contains("Thresholds: passed.", output, StringComparison.Ordinal);
        // progress on stderr: each scale and step, with the elapsed time
        Assert.Matches(@"\[\s+\d+\.\d s\] ×0\.1 \(2/3\) repeat 2/2: --run exited 0", error);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("a.json")));
        var points = json.RootElement.GetProperty("points");
        Assert.Equal(3, points.GetArrayLength());
        Assert.Equal(2, points[0].GetProperty("repeats").GetArrayLength());
        Assert.Equal(156_070, json.RootElement.GetProperty("predictRows").GetInt64());
        Assert.Equal("seconds", json.RootElement.GetProperty("growth")[0].GetProperty("name").GetString());

        var html = await File.ReadAllTextAsync(dir.File("a.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("predicted", html, StringComparison.Ordinal);
        // self-contained: nothing is fetched when it is opened
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);

        (code, output, error) = await CliRunner.RunAsync([.. common, "--baseline", dir.File("a.json"), "-q"]);
        Assert.True(code == 0, error);
        Assert.Contains("Against the baseline (", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.File("dbs")));
    }

    [Fact]
    public async Task A_baseline_that_is_not_a_sweep_report_is_invalid_input()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("b.json"), "[1, 2]");
        var (code, _, error) = await CliRunner.RunAsync("sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"), "--scales", "0.1",
            "--run", "true", "--work", dir.File("w"), "--baseline", dir.File("b.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is not a sweep report", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("w")));
    }

    [Fact]
    public async Task Ctrl_c_mid_sweep_exits_130_and_leaves_no_database()
    {
        using var dir = new TempDir();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var (code, _, error) = await CliRunner.RunAsync(cancel.Token, "sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"),
            "--scales", "0.05,0.1", "--run", "sleep 60", "--work", dir.File("w"), "-q");
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.StartsWith("duckface: cancelled. The running command was killed and the sweep's databases dropped", error,
            StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(dir.File("dbs")) ? Directory.GetFiles(dir.File("dbs")) : []);
    }
}
