using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// <c>duckface profile</c> as a use case: open the source read-only through its engine, optionally look for the references
/// it does not declare, profile it, and optionally write the profile JSON. The source is never written.
/// </summary>
public static class ProfileRun
{
    /// <summary>
    /// Profiles <paramref name="sources"/> (one database, or several of one server); writes the JSON to
    /// <paramref name="outputPath"/> when given.
    /// </summary>
    /// <exception cref="DuckfaceException">
    /// The source cannot be read, the review file names an unknown table or column (nothing is written), or the file cannot
    /// be written.
    /// </exception>
    public static Task<ProfileOutcome> RunAsync(IReadOnlyList<DatabaseLocation> sources, ProfileSettings settings,
        ForeignKeyInferenceOptions? inference = null, string? outputPath = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(sources, settings, inference, new ProfilePrivacy(), outputPath, progress, cancellationToken);

    /// <summary>
    /// Profiles <paramref name="sources"/> (one database, or several of one server), applies <paramref name="privacy"/>
    /// (differential privacy <c>--epsilon</c>, <see cref="DifferentialPrivacy"/>, then hidden sizes <c>--hide-sizes</c>,
    /// <see cref="SizeHiding"/>), and writes the JSON to <paramref name="outputPath"/> when given.
    /// </summary>
    /// <param name="sources">The database to profile, or several databases of one MySQL/MariaDB server (ADR 0007).</param>
    /// <param name="settings">The profiler's settings.</param>
    /// <param name="inference">How to find undeclared references (<c>--infer-fks</c>, <c>--fks</c>); null: declared ones only.</param>
    /// <param name="privacy">The noise passes to run over the finished profile (none by default).</param>
    /// <param name="outputPath">Where to write the profile JSON, or null.</param>
    /// <param name="progress">Receives one line per step; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DuckfaceException">
    /// The source cannot be read, the review file names an unknown table or column (nothing is written), or the file cannot
    /// be written.
    /// </exception>
    public static async Task<ProfileOutcome> RunAsync(IReadOnlyList<DatabaseLocation> sources, ProfileSettings settings,
        ForeignKeyInferenceOptions? inference, ProfilePrivacy privacy, string? outputPath, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(privacy);
        progress?.Report($"Profiling {string.Join(", ", sources.Select(s => s.Display))}");
        var (profile, inferred) = await Profiler.ProfileAsync(sources, settings, inference, progress, cancellationToken)
            .ConfigureAwait(false);
        // noise first: hidden sizes are then relative sizes of noisy counts
        if (privacy.DifferentialPrivacy is { } dp)
            profile = DifferentialPrivacy.Apply(profile, dp);
        if (privacy.HideSizes is { } hideSizes)
            profile = SizeHiding.Hide(profile, hideSizes);
        if (outputPath is not null)
        {
            await ProfileSerializer.WriteAsync(profile, outputPath, cancellationToken).ConfigureAwait(false);
            var fks = profile.Tables.SelectMany(t => t.ForeignKeys).ToList();
            var undeclared = fks.Count(f => !f.Declared);
            var rows = profile.Settings.HideSizes ? "sizes hidden" : $"{profile.Tables.Sum(t => t.RowCount):N0} rows";
            progress?.Report($"Wrote {outputPath}: {profile.Tables.Count} tables, {rows}, "
                + $"{fks.Count} foreign keys{(undeclared > 0 ? $" ({undeclared} undeclared)" : "")}.");
        }

        return new ProfileOutcome(profile, inferred);
    }
}
