using System.CommandLine;
using System.Text;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Every command's --help ends with examples that parse with the real command tree, and its exit codes.</summary>
public sealed class HelpExamplesTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in AllCommandPaths(CliApp.Build()))
            data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_help_ends_with_examples_and_exit_codes(string path)
    {
        var args = path.Length == 0 ? ["--help"] : path.Split(' ').Append("--help").ToArray();
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, error);
        var examples = output.IndexOf("\nExamples:\n", StringComparison.Ordinal);
        var options = output.IndexOf("\nOptions:\n", StringComparison.Ordinal);
        Assert.True(examples > options && options > 0, output);
        if (path.Length > 0)
            Assert.Contains("\nExit codes (docs/exit-codes.md): ", output[examples..], StringComparison.Ordinal);
        Assert.True(HelpExamples.Sections.ContainsKey(path), $"no examples for '{path}'");
    }

    [Fact]
    public void Every_example_parses_as_the_command_it_documents()
    {
        var root = CliApp.Build();
        foreach (var (path, section) in HelpExamples.Sections)
        {
            Assert.NotEmpty(section.Examples);
            for (var i = 0; i < section.Examples.Length; i++)
            {
                var example = section.Examples[i];
                var words = ShellWords(example);
                Assert.Equal("duckface", words[0]);
                var result = root.Parse(words.Skip(1).ToArray());
                Assert.True(result.Errors.Count == 0, $"{example}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
                var documented = HelpExamples.PathOf(result.CommandResult.Command);
                // the first example is of the command itself; the later ones may show the workflow it belongs to
                Assert.True(i > 0 || path.Length == 0 || documented == path,
                    $"'{example}' is an example of '{documented}', listed first under '{path}'");
            }
        }
    }

    [Fact]
    public async Task The_command_list_stays_one_line_per_command()
    {
        var (_, output, _) = await CliRunner.RunAsync("--help");
        var list = output[output.IndexOf("\nCommands:\n", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Examples:\n  duckface clean", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Exit codes: 0 cleaned", list, StringComparison.Ordinal);
    }

    private static IEnumerable<string> AllCommandPaths(Command command)
    {
        var path = HelpExamples.PathOf(command);
        if (command.Subcommands.Count == 0 || command is RootCommand)
            yield return path;
        foreach (var sub in command.Subcommands)
        {
            foreach (var p in AllCommandPaths(sub))
                yield return p;
        }
    }

    /// <summary>Splits like a POSIX shell for the quoting the examples use: '…' literal, "…" without expansion.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '\'' or '"')
            {
                var end = line.IndexOf(c, i + 1);
                Assert.True(end > i, $"unbalanced quote in {line}");
                word.Append(line, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
