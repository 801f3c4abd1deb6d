using System.Globalization;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Issue 12: <c>duckface clean</c> on real SQLite files: a killed run's partial file goes, a live run's stays.</summary>
public sealed class CleanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("duckface-clean-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Clean_removes_a_killed_runs_partial_file_and_its_journal_and_keeps_a_live_runs()
    {
        var target = Path.Combine(_dir, "shop.sqlite");
        // no process has an id above the kernel's pid_max (at most 2^22): that run was killed
        var killed = target + ".partial-99999999";
        var live = target + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var file in new[] { killed, killed + "-journal", live, Path.Combine(_dir, "unrelated.partial-99999999") })
            await File.WriteAllTextAsync(file, "x");

        var (code, output, error) = await CliRunner.RunAsync("clean", target, "--dry-run");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("would remove shop.sqlite.partial-99999999", output, StringComparison.Ordinal);
        Assert.Contains("in use by a running generate, kept: " + Path.GetFileName(live), output, StringComparison.Ordinal);
        Assert.True(File.Exists(killed));

        (code, output, _) = await CliRunner.RunAsync("clean", "sqlite:" + target);
        Assert.Equal(0, code);
        Assert.Contains("1 staging area removed, 1 in use by a running generate.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(killed));
        Assert.False(File.Exists(killed + "-journal"));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(Path.Combine(_dir, "unrelated.partial-99999999")));
        Assert.False(File.Exists(target)); // the target itself is never made

        File.Delete(live);
        (code, output, _) = await CliRunner.RunAsync("clean", target);
        Assert.Equal(0, code);
        Assert.EndsWith("nothing left by interrupted runs." + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_runs_partial_file_makes_verify_say_incomplete_until_clean_removes_it()
    {
        var target = Path.Combine(_dir, "c.sqlite");
        var profile = Path.Combine(_dir, "c.json");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", CliRunner.ChinookSqlite, "-o", profile, "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profile, "--target", target, "-q")).ExitCode);
        await File.WriteAllTextAsync(target + ".partial-99999999", "x");

        var (code, _, error) = await CliRunner.RunAsync("verify", profile, "--target", target, "-q");
        Assert.Equal(4, code);
        Assert.Contains("Incomplete run", error, StringComparison.Ordinal);
        Assert.Contains("duckface clean", error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("clean", target)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", profile, "--target", target, "-q")).ExitCode);
    }

    [Fact]
    public async Task A_bad_url_is_one_line_and_exit_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("clean", "oracle://x/y");
        Assert.Equal(2, code);
        Assert.StartsWith("duckface: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
