using System.Data.Common;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Runs;

/// <summary>What a verify run measured.</summary>
/// <param name="Report">Hard checks, distances, scores and the verdict.</param>
/// <param name="Measured">The target profiled in measure mode (the profile's row states measured, not learned).</param>
/// <param name="Target">The target as printed (no password).</param>
public sealed record VerifyOutcome(FidelityReport Report, DatabaseProfile Measured, string Target)
{
    /// <summary>The profile compared with: the given one, or for a hidden-size profile the one given sizes by the anchors
    /// (or by the target's reference table); null only when built elsewhere.</summary>
    public DatabaseProfile? Reference { get; init; }
}

/// <summary>
/// <c>duckface verify</c> as a use case: the hard checks, the target profiled against the reference profile, and the
/// comparison. The target is only read.
/// </summary>
public static class VerifyRun
{
    /// <summary>
    /// Verifies the database at <paramref name="target"/> against <paramref name="profile"/>. A hidden-size profile is
    /// compared at the sizes of the plan's anchors (<c>verify --rows</c>, row counts checked) or, without a plan, at the
    /// target's own size: its reference table (relative size 1) is anchored at the target's row count of that table.
    /// </summary>
    /// <exception cref="DuckfaceException">The target cannot be opened or read.</exception>
    public static async Task<VerifyOutcome> RunAsync(DatabaseProfile profile, DatabaseLocation target, VerifyOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (profile.Databases.Count > 0)
        {
            throw new DuckfaceException($"This profile covers the databases {string.Join(", ", profile.Databases)}: give one "
                + "--target per database (DATABASE=URL, docs/adr/0007-several-databases.md).");
        }

        await RefuseIncompleteAsync(target, cancellationToken).ConfigureAwait(false);
        profile = options.Plan?.Profile ?? profile;
        progress?.Report($"Checking {target.Display} (read-only)");
        var checks = await HardChecks.RunAsync(target, profile, options.Plan, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report($"Measuring {target.Display}");
        var settings = Settings(profile);
        var measured = await Profiler.ProfileAsync(target, settings, reference: profile, progress, cancellationToken).ConfigureAwait(false);
        if (profile.Settings is { HideSizes: true, SizeUnit: null, ReferenceTable: { } name }
            && measured.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal)) is { } anchor)
            profile = SizeAnchors.Materialize(profile, new Dictionary<string, long> { [name] = Math.Max(1, anchor.RowCount) });
        return new VerifyOutcome(FidelityComparer.Compare(profile, measured, checks, options), measured, target.Display)
        {
            Reference = profile,
        };
    }

    /// <summary>
    /// Verifies the targets given as <c>--target</c> texts: one for a profile of one database, one per database for a
    /// multi-database profile (ADR 0007), matched by name or <c>DATABASE=URL</c> as generate matches them. A multi-database
    /// profile is verified in one report: the hard checks and the measurement run on one connection over all targets
    /// (databases of one MySQL/MariaDB server), so references across the databases are counted and measured like any other.
    /// </summary>
    /// <exception cref="DuckfaceException">The targets do not match the profile's databases, are not databases of one
    /// MySQL/MariaDB server, or cannot be read.</exception>
    public static async Task<VerifyOutcome> RunAsync(DatabaseProfile profile, IReadOnlyList<string> targets, VerifyOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (profile.Databases.Count == 0)
        {
            if (targets.Count != 1)
                throw new DuckfaceException($"This profile covers one database: give one --target, not {targets.Count}.");
            return await RunAsync(profile, DatabaseLocation.Parse(targets[0]), options, progress, cancellationToken).ConfigureAwait(false);
        }

        var matched = MultiDatabaseTargets.Match(profile, targets);
        if (!await OneServer.HoldsAsync([.. matched.Select(t => t.Location)], cancellationToken).ConfigureAwait(false))
        {
            throw new DuckfaceException("Verifying a profile of several databases needs them as databases of one MySQL/MariaDB "
                + $"server (one query joins them): {string.Join(", ", matched.Select(t => t.Location.Display))} are not.");
        }

        foreach (var (_, location) in matched)
            await RefuseIncompleteAsync(location, cancellationToken).ConfigureAwait(false);
        var where = string.Join(", ", matched.Select(t => t.Location.Display));
        profile = options.Plan?.Profile ?? profile;
        progress?.Report($"Checking {where} (read-only)");
        var (schema, _) = await MultiDatabaseProfiler.ReadSchemasAsync(matched, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<HardCheckResult> checks;
        var source = await MultiDatabaseProfiler.OpenAsync(matched, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                checks = await HardChecks.RunAsync(source, profile, schema, options.Plan, progress, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new DatabaseOperationException($"Checking {where} failed: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }

        progress?.Report($"Measuring {where}");
        var measured = await MultiDatabaseProfiler.MeasureAsync(matched, Settings(profile), profile, progress, cancellationToken)
            .ConfigureAwait(false);
        return new VerifyOutcome(FidelityComparer.Compare(profile, measured, checks, options), measured, where) { Reference = profile };
    }

    /// <summary>
    /// Like with like (issue 9): a format-2 profile's quantiles respect k, so the target is measured under the same rules;
    /// a format-1 profile's quantiles are exact, and so is the measurement.
    /// </summary>
    private static ProfileSettings Settings(DatabaseProfile profile) =>
        profile.Settings with { ExactQuantiles = profile.FormatVersion < 2 };

    /// <summary>Refuses a target that an interrupted generate left a staging area for (exit 4).</summary>
    private static async Task RefuseIncompleteAsync(DatabaseLocation target, CancellationToken cancellationToken)
    {
        var staging = await target.Engine.FindStagingAreasAsync(target, cancellationToken).ConfigureAwait(false);
        if (staging.Count > 0)
        {
            // a MySQL run's <staging>_old holds the tables a swap replaced: that run's new tables are in place
            var swapped = staging.Any(n => n.EndsWith("_old", StringComparison.Ordinal));
            throw new DuckfaceException($"Incomplete run: {target.Display} has the staging area '{Path.GetFileName(staging[0])}' "
                + "of an interrupted "
                + (swapped
                    ? "generate (its new tables were moved into the target; the tables they replaced were left in "
                        + $"'{staging.First(n => n.EndsWith("_old", StringComparison.Ordinal))}'). "
                    : "generate (the target itself is as it was before that run). ")
                + "Run 'duckface clean' on the target (or rerun generate), then verify.",
                ExitCodes.VerificationFailed);
        }
    }
}
