namespace ElasticDuckface.Cli;

/// <summary>
/// What a cancelled command says it left. Only generate writes into a database; profile, verify, inspect and privacy
/// suggest only read, so their message must not talk about targets and staging areas.
/// </summary>
internal static class CancelMessages
{
    private const string CleanCancelled =
        "duckface: cancelled. The staging areas already removed stay removed; run clean again for the rest.";

    private static readonly HashSet<string> Writers = new(StringComparer.Ordinal) { "generate" };

    /// <summary>The line of a run that unwound after the signal.</summary>
    public static string Unwound(string command) => command == "clean" ? CleanCancelled : Writers.Contains(command)
        ? "duckface: cancelled. A database target was left as it was (an unfinished run's staging area is removed now or by "
            + "the next run); no partial output file was kept."
        : "duckface: cancelled. The database was only read, nothing in it changed; no output file was written.";

    /// <summary>The line printed when the grace ran out and the process ends without the run unwinding.</summary>
    public static string CutShort(string command) => command == "clean" ? CleanCancelled : Writers.Contains(command)
        ? "duckface: cancelled, and stopped at once as a killed run would be: a database target was left as it was "
            + "(a new PostgreSQL database the run had just created may be left, empty); "
            + "a staging area or partial file left behind is removed by the next run into the same target."
        : "duckface: cancelled, and stopped at once: the database was only read, nothing in it changed.";
}
