using System.CommandLine;

namespace ElasticDuckface.Cli.Commands;

/// <summary>Runs a command body and turns a <see cref="DuckfaceException"/> into one line on stderr and its exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await body(output, error).ConfigureAwait(false);
        }
        catch (DuckfaceException ex)
        {
            await error.WriteLineAsync("duckface: " + ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
            foreach (var line in ex.Details)
                await error.WriteLineAsync("  " + line.ReplaceLineEndings(" ")).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync(CancelMessages.Unwound(parseResult.CommandResult.Command.Name)).ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }
}

/// <summary>Reports progress lines synchronously to a writer (stderr), unless quiet: what a redirected stderr gets (a terminal gets
/// <see cref="Progress.LiveProgress"/>).</summary>
internal sealed class LineProgress(TextWriter writer, bool quiet) : IProgress<string>
{
    public void Report(string value)
    {
        if (!quiet)
            writer.WriteLine(value);
    }
}
