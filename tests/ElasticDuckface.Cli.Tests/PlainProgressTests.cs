using System.Text.RegularExpressions;

namespace ElasticDuckface.Cli.Tests;

/// <summary>A stderr that is not the terminal (here a StringWriter, like a pipe or a file) gets today's plain lines, nothing
/// live.</summary>
public sealed partial class PlainProgressTests
{
    [Fact]
    public async Task Generate_into_a_non_terminal_prints_the_plain_lines_only()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        var target = dir.File("out.db");

        var (code, _, error) = await CliRunner.RunAsync("generate", profile, "--scale", "0.5", "--target", target);

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain('\u001b', error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(14, lines.Count);
        Assert.Matches(StartLine(), lines[0]);
        for (var i = 1; i <= 11; i++)
            Assert.Matches(new Regex($@"^\[{i}/11\] \w+: [\d,]+ rows in \d+\.\d s$"), lines[i]);
        Assert.Equal("[1/11] Artist:", lines[1][..14]);
        Assert.Equal("Checking constraints and finishing...", lines[12]);
        Assert.Matches(EndLine(), lines[13]);
    }

    [Fact]
    public async Task Quiet_prints_nothing()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

        var (code, _, error) = await CliRunner.RunAsync("generate", profile, "--scale", "0.2", "--target", dir.File("q.db"), "--quiet");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Profile_into_a_non_terminal_prints_one_plain_line_per_table()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();

        var (code, output, error) = await CliRunner.RunAsync("profile", db, "-o", dir.File("p.json"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", output);
        Assert.DoesNotContain('\u001b', error);
        var lines = Lines(error);
        Assert.Equal(15, lines.Count);
        Assert.StartsWith("Profiling ", lines[0], StringComparison.Ordinal);
        Assert.Equal("Counting rows and measuring the fan-out of 11 foreign keys...", lines[1]);
        for (var i = 1; i <= 11; i++)
            Assert.Matches(new Regex($@"^\[{i}/11\] \w+: [\d,]+ rows, \d+ foreign keys.* \(\d+\.\d s\)$"), lines[i + 1]);
        Assert.Equal("Measuring how row states follow their parents...", lines[13]); // Invoice has one
        Assert.StartsWith("Wrote ", lines[14], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_into_a_non_terminal_prints_plain_check_and_measure_lines()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        var target = dir.File("v.db");
        var (made, _, madeError) = await CliRunner.RunAsync("generate", profile, "--target", target, "-q");
        Assert.True(made == ExitCodes.Success, madeError);

        var (code, _, error) = await CliRunner.RunAsync("verify", profile, "--target", target);

        Assert.True(code is ExitCodes.Success or ExitCodes.VerificationFailed, error);
        Assert.DoesNotContain('\u001b', error);
        var lines = Lines(error);
        Assert.StartsWith("Checking sqlite:", lines[0], StringComparison.Ordinal);
        for (var i = 1; i <= 11; i++)
            Assert.Matches(new Regex($@"^\[check {i}/11\] \w+$"), lines[i]);
        Assert.StartsWith("Measuring sqlite:", lines[12], StringComparison.Ordinal);
        for (var i = 1; i <= 11; i++)
            Assert.Contains(lines, l => l.StartsWith($"[{i}/11] ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("profile")]
    [InlineData("verify")]
    public async Task Quiet_profile_and_verify_print_nothing_on_stderr(string command)
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        var target = dir.File("q.db");
        var (made, _, madeError) = await CliRunner.RunAsync("generate", profile, "--scale", "0.2", "--target", target, "-q");
        Assert.True(made == ExitCodes.Success, madeError);

        var (code, output, error) = command == "profile"
            ? await CliRunner.RunAsync("profile", target, "-o", dir.File("p.json"), "--quiet")
            : await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "0.2", "--quiet");

        Assert.True(code is ExitCodes.Success or ExitCodes.VerificationFailed, error);
        Assert.Equal("", error);
        if (command == "verify")
            Assert.NotEqual("", output); // the summary still goes to stdout
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    [GeneratedRegex(@"^Generating into sqlite:.+out\.db \(seed \d+, 11 tables, [\d,]+ rows\)$")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^Wrote [\d,]+ rows into sqlite:.+out\.db in \d+\.\d s\.$")]
    private static partial Regex EndLine();
}
