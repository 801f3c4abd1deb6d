using System.CommandLine;
using System.Globalization;
using ElasticDuckface.Data.Runs;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface clean TARGET [--dry-run]</c>: removes what killed generate runs left for a target (issue 12).</summary>
internal static class CleanCommand
{
    public static Command Build()
    {
        var target = new Argument<string>("target")
        {
            Description = "The generate target to clean: a SQLite path (or sqlite:PATH), mysql://user@host:port/database "
                + "or postgres://user@host:port/database[?schema=S].",
        };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "List what would be removed; remove nothing." };
        var command = new Command("clean", "Remove what interrupted generate runs left for a target: MySQL/MariaDB staging "
            + "databases <database>__duckface_staging_*, PostgreSQL staging schemas <schema>__duckface_staging_*, SQLite "
            + "<file>.partial-PID files. Nothing else is touched, and the target itself stays as it is. A run still writing "
            + "into the target keeps its own (its lock is held, or its process is alive); they are listed as in use. "
            + "The next generate into the target removes them too; verify calls a target with one an incomplete run.")
        {
            target, dryRun,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, _) =>
        {
            var outcome = await CleanRun.RunAsync(parseResult.GetRequiredValue(target), parseResult.GetValue(dryRun), cancellationToken)
                .ConfigureAwait(false);
            await stdout.WriteAsync(Text(outcome)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>One line per staging area, then a summary line.</summary>
    internal static string Text(CleanOutcome outcome)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        var verb = outcome.DryRun ? "would remove" : "removed";
        foreach (var name in outcome.Cleanup.Removed)
            w.WriteLine($"{verb} {Path.GetFileName(name)}");
        foreach (var name in outcome.Cleanup.InUse)
            w.WriteLine($"in use by a running generate, kept: {Path.GetFileName(name)}");
        var (removed, inUse) = (outcome.Cleanup.Removed.Count, outcome.Cleanup.InUse.Count);
        w.WriteLine(removed + inUse == 0
            ? $"{outcome.Target}: nothing left by interrupted runs."
            : $"{outcome.Target}: {removed} staging area{(removed == 1 ? "" : "s")} {(outcome.DryRun ? "would be removed" : "removed")}"
                + (inUse == 0 ? "." : $", {inUse} in use by a running generate."));
        return w.ToString();
    }
}
