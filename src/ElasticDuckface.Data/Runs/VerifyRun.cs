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
            throw new DuckfaceException($"This profile covers the databases {string.Join(", ", profile.Databases)}: "
                + "verify measures one database and cannot check a profile of several yet (docs/adr/0007-several-databases.md).");
        }

        var staging = await target.Engine.FindStagingAreasAsync(target, cancellationToken).ConfigureAwait(false);
        if (staging.Count > 0)
        {
            throw new DuckfaceException($"Incomplete run: {target.Display} has the staging area '{Path.GetFileName(staging[0])}' "
                + "of an interrupted "
                + "generate (the target itself is as it was before that run). Rerun generate, which removes it, then verify.",
                ExitCodes.VerificationFailed);
        }

        profile = options.Plan?.Profile ?? profile;
        progress?.Report($"Checking {target.Display} (read-only)");
        var checks = await HardChecks.RunAsync(target, profile, options.Plan, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report($"Measuring {target.Display}");
        // like with like (issue 9): a format-2 profile's quantiles respect k, so the target is measured under the same rules;
        // a format-1 profile's quantiles are exact, and so is the measurement
        var settings = profile.Settings with { ExactQuantiles = profile.FormatVersion < 2 };
        var measured = await Profiler.ProfileAsync(target, settings, reference: profile, progress, cancellationToken).ConfigureAwait(false);
        if (profile.Settings is { HideSizes: true, SizeUnit: null, ReferenceTable: { } name }
            && measured.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal)) is { } anchor)
            profile = SizeAnchors.Materialize(profile, new Dictionary<string, long> { [name] = Math.Max(1, anchor.RowCount) });
        return new VerifyOutcome(FidelityComparer.Compare(profile, measured, checks, options), measured, target.Display)
        {
            Reference = profile,
        };
    }
}
