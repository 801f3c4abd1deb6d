using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;

namespace ElasticDuckface.Data.Runs;

/// <summary>What <c>duckface clean</c> did to one target.</summary>
/// <param name="Target">The target as printed (no password).</param>
/// <param name="Cleanup">The staging areas removed (or, dry, that would be) and those a running generate holds.</param>
/// <param name="DryRun">Whether nothing was removed.</param>
public sealed record CleanOutcome(string Target, StagingCleanup Cleanup, bool DryRun);

/// <summary>
/// <c>duckface clean TARGET</c> as a use case (issue 12): removes what killed generate runs left for a target (MySQL/MariaDB
/// staging databases, PostgreSQL staging schemas, SQLite <c>.partial-PID</c> files) and nothing else. A run still going
/// keeps its own: the engine's run lock (or, for SQLite, its live process) says which.
/// </summary>
public static class CleanRun
{
    /// <summary>Cleans the target at <paramref name="url"/>.</summary>
    /// <exception cref="DuckfaceException">The URL is malformed (exit 2) or the server cannot be reached (exit 3).</exception>
    public static Task<CleanOutcome> RunAsync(string url, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return RunAsync(DatabaseLocation.Parse(url), dryRun, cancellationToken);
    }

    /// <summary>Cleans the target at <paramref name="location"/>.</summary>
    /// <exception cref="DuckfaceException">The server cannot be reached (exit 3).</exception>
    public static async Task<CleanOutcome> RunAsync(DatabaseLocation location, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        var cleanup = await location.Engine.CleanStagingAreasAsync(location, dryRun, cancellationToken).ConfigureAwait(false);
        return new CleanOutcome(location.Display, cleanup, dryRun);
    }
}
