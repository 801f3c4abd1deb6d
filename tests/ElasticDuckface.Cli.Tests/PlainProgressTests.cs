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

    [GeneratedRegex(@"^Generating into sqlite:.+out\.db \(seed \d+, 11 tables, [\d,]+ rows\)$")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^Wrote [\d,]+ rows into sqlite:.+out\.db in \d+\.\d s\.$")]
    private static partial Regex EndLine();
}
