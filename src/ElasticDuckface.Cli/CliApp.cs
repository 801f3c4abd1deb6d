using System.CommandLine;
using ElasticDuckface.Cli.Commands;

namespace ElasticDuckface.Cli;

/// <summary>Builds the <c>duckface</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Elastic Duckface: profile a database, generate a look-alike at any scale, verify it.\n" +
            "Databases are given as a SQLite path (or sqlite:PATH), "
            + "mysql://user[:password]@host[:port]/database[?socket=PATH&ssl-mode=MODE]\n"
            + "or postgres://user[:password]@host[:port]/database[?schema=S&sslmode=MODE&sslrootcert=CA.pem&host=SOCKETDIR];\n"
            + "a password missing from the URL is read from DUCKFACE_PASSWORD, then the engine's file (MySQL: ?defaults-file= or "
            + "~/.my.cnf; PostgreSQL: PGPASSWORD, PGPASSFILE or ~/.pgpass), else asked for on a terminal.\n" +
            "Exit codes: 0 success, 1 usage error, 2 invalid input (profile, options, plan), 3 database error, 4 verification failed, "
            + "5 file error (profile missing, output unwritable, target refused), 6 inspect: the profile reveals what --fail-if-reveals "
            + "refuses, 7 generate --into-existing: the target's schema cannot take the profile's rows, 8 sweep: a threshold exceeded, "
            + "9 sweep: --setup or --run failed, 130 cancelled.")
        {
            ProfileCommand.Build(),
            GenerateCommand.Build(),
            VerifyCommand.Build(),
            InspectCommand.Build(),
            PrivacyCommand.Build(),
            SweepCommand.Build(),
            CleanCommand.Build(),
        };
        HelpExamples.Attach(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error prints one line (the first error) and a usage hint instead of
    /// System.CommandLine's full help, and exits 1 (docs/exit-codes.md).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null,
        CancellationToken cancellationToken = default)
    {
        // Ctrl-C and SIGTERM are handled by Interruption (within a second), not by System.CommandLine (2 s)
        configuration ??= new InvocationConfiguration();
        configuration.ProcessTerminationTimeout = null;
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count == 0)
        {
            return await Interruption.RunAsync(token => parseResult.InvokeAsync(configuration, token), configuration.Error,
                CancelMessages.CutShort(parseResult.CommandResult.Command.Name), cancellationToken).ConfigureAwait(false);
        }

        var command = CommandPath(parseResult.CommandResult.Command);
        var message = ParseMessages.Explain(parseResult, parseResult.Errors[0]);
        // at the root the one sentence covers every error (an unknown command is also a missing one)
        var more = parseResult.Errors.Count > 1 && parseResult.CommandResult.Command is not RootCommand
            ? $" (and {parseResult.Errors.Count - 1} more)" : "";
        await configuration.Error.WriteLineAsync($"duckface: {message}{more} Run '{command} --help' for usage.").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            names.Insert(0, c is RootCommand ? "duckface" : c.Name);
        return string.Join(' ', names);
    }
}
