using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Tests;

public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Profile_writes_a_readable_profile_and_reports_progress_on_stderr()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, output, error) = await CliRunner.RunAsync("profile", db, "-o", dir.File("p.json"));
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Contains("[11/11] Track: 3,503 rows", error, StringComparison.Ordinal);
        var profile = await ProfileSerializer.ReadAsync(dir.File("p.json"));
        Assert.Equal(11, profile.Tables.Count);
    }

    [Fact]
    public async Task Profile_without_output_writes_json_to_stdout_and_sqlite_prefix_works()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, output, _) = await CliRunner.RunAsync("profile", "sqlite:" + db, "--quiet");
        Assert.Equal(0, code);
        Assert.Equal(11, ProfileSerializer.Deserialize(output).Tables.Count);
    }

    [Theory]
    [InlineData("missing.db", 3, "does not exist")]
    [InlineData("oracle://x/y", 2, "Unsupported database URL scheme")]
    [InlineData("mysql://root@127.0.0.1:1/x?bogus=1", 2, "Unknown connection option 'bogus'")]
    [InlineData("mysql://root@127.0.0.1:1/", 2, "names no database")]
    [InlineData("mysql://root:secret@127.0.0.1:1/nova?connect-timeout=2", 3, "127.0.0.1:1")]
    public async Task Bad_sources_fail_with_one_line_and_a_documented_exit_code(string source, int exitCode, string expected)
    {
        using var dir = new TempDir();
        var arg = source.Contains("://", StringComparison.Ordinal) ? source : dir.File(source);
        var (code, output, error) = await CliRunner.RunAsync("profile", arg, "-q");
        Assert.Equal(exitCode, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("duckface: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_path_is_a_file_error()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "-q", "-o", dir.File("no/such/dir/p.json"));
        Assert.Equal(ExitCodes.OutputError, code);
        Assert.Contains("Cannot write the profile", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("no")));
    }

    [Fact]
    public async Task Help_explains_every_option_and_version_answers()
    {
        var (code, output, _) = await CliRunner.RunAsync("profile", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--output", "--sample-rows", "--min-category-count", "--max-categories", "--quiet" })
            Assert.Contains(option, output, StringComparison.Ordinal);
        var root = await CliRunner.RunAsync("--help");
        Assert.Contains("Exit codes", root.Output, StringComparison.Ordinal);
        var version = await CliRunner.RunAsync("--version");
        Assert.Equal(0, version.ExitCode);
        // under the test host the entry assembly is the runner, so only check that a version is printed
        Assert.Matches(@"^\d+\.\d+", version.Output);
    }

    [Fact]
    public async Task A_usage_error_exits_with_one()
    {
        var (code, _, error) = await CliRunner.RunAsync("profile", "--sample-rows", "5", "x.db");
        Assert.Equal(1, code);
        Assert.Contains("--sample-rows must be at least 100", error, StringComparison.Ordinal);
    }
}
