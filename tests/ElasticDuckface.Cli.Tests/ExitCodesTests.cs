namespace ElasticDuckface.Cli.Tests;

/// <summary>Each failure documented in docs/exit-codes.md, run for real: its code, and one line on stderr without a stack trace.</summary>
public sealed class ExitCodesTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    private static void AssertOneLine(string error, string expected)
    {
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, "more than one line: " + error);
        Assert.StartsWith("duckface: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format xml", "xml")]
    [InlineData("--scale 0", "0.001 to 1000")]
    [InlineData("--scale 0.0001", "0.001 to 1000")]
    [InlineData("--scale 1001", "0.001 to 1000")]
    [InlineData("--scale abc", "0.001 to 1000")]
    [InlineData("--no-such-option", "--no-such-option")]
    public async Task Usage_errors_exit_1_with_one_line_and_a_usage_hint(string options, string expected)
    {
        using var dir = new TempDir();
        string[] args = ["generate", Chinook, "--out", dir.File("o.sql"), .. options.Split(' ')];
        if (!options.StartsWith("--format", StringComparison.Ordinal))
            args = [.. args, "--format", "sql"];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
        Assert.Contains("Run 'duckface generate --help' for usage.", error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(File.Exists(dir.File("o.sql")));
    }

    [Fact]
    public async Task Invalid_input_exits_2()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("bad.json"), "{ \"formatVersion\": 1, ");
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("bad.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "is not valid JSON");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--scale-table", "Nope=2", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "Nope");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", "ftp://host/db", "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "ftp://");

        // a profile with hidden sizes needs an anchor (issue 9)
        (code, _, error) = await CliRunner.RunAsync("profile", dir.CopyChinook(), "--hide-sizes", "-q", "-o", dir.File("hidden.json"));
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.RunAsync("generate", dir.File("hidden.json"), "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "--rows TABLE=N");
        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--rows", "Invoce=5", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "did you mean 'Invoice'");
        Assert.False(File.Exists(dir.File("o.db")));
    }

    [Fact]
    public async Task Database_errors_exit_3()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("verify", Chinook, "--target", dir.File("missing.db"), "-q");
        Assert.Equal(ExitCodes.DatabaseError, code);
        AssertOneLine(error, "missing.db");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", "mysql://u@127.0.0.1:1/db?connect-timeout=2", "-q");
        Assert.Equal(ExitCodes.DatabaseError, code);
        AssertOneLine(error, "Cannot reach");
    }

    [Fact]
    public async Task Verification_failure_exits_4()
    {
        using var dir = new TempDir();
        Assert.Equal(0, (await CliRunner.RunAsync("generate", Chinook, "--scale", "0.5", "--target", dir.File("half.db"), "-q")).ExitCode);
        var (code, _, _) = await CliRunner.RunAsync("verify", Chinook, "--target", dir.File("half.db"), "--scale", "1", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
    }

    [Fact]
    public async Task File_errors_and_refused_targets_exit_5()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("missing.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "missing.json");
        (code, _, error) = await CliRunner.RunAsync("verify", dir.File("missing.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "missing.json");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--format", "sql", "--out", dir.File("no/dir/o.sql"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "does not exist");

        Assert.Equal(0, (await CliRunner.RunAsync("generate", Chinook, "--scale", "0.1", "--target", dir.File("t.db"), "-q")).ExitCode);
        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--scale", "0.1", "--target", dir.File("t.db"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "--replace");
    }

    [Fact]
    public async Task Cancelling_exits_130_and_says_what_state_it_left()
    {
        using var dir = new TempDir();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (code, _, error) = await CliRunner.RunAsync(cancelled.Token, "generate", Chinook, "--target", dir.File("c.db"), "-q");
        Assert.Equal(ExitCodes.Cancelled, code);
        AssertOneLine(error, "left as it was");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
