using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// <c>duckface profile</c> as a use case: open the source read-only through its engine, profile it, and optionally write
/// the profile JSON. The source is never written.
/// </summary>
public static class ProfileRun
{
    /// <summary>Profiles <paramref name="source"/>; writes the JSON to <paramref name="outputPath"/> when given.</summary>
    /// <exception cref="DuckfaceException">The source cannot be read, or the file cannot be written.</exception>
    public static Task<DatabaseProfile> RunAsync(DatabaseLocation source, ProfileSettings settings, string? outputPath = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(source, settings, null, outputPath, progress, cancellationToken);

    /// <summary>
    /// Profiles <paramref name="source"/>, hides its sizes with <paramref name="hideSizes"/> when given
    /// (<c>--hide-sizes</c>, <see cref="SizeHiding"/>), and writes the JSON to <paramref name="outputPath"/> when given.
    /// </summary>
    /// <exception cref="DuckfaceException">The source cannot be read, or the file cannot be written.</exception>
    public static async Task<DatabaseProfile> RunAsync(DatabaseLocation source, ProfileSettings settings, SizeNoise? hideSizes,
        string? outputPath, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        progress?.Report($"Profiling {source.Display}");
        var profile = await Profiler.ProfileAsync(source, settings, progress, cancellationToken).ConfigureAwait(false);
        if (hideSizes is not null)
            profile = SizeHiding.Hide(profile, hideSizes);
        if (outputPath is not null)
        {
            await ProfileSerializer.WriteAsync(profile, outputPath, cancellationToken).ConfigureAwait(false);
            var rows = profile.Settings.HideSizes ? "sizes hidden" : $"{profile.Tables.Sum(t => t.RowCount):N0} rows";
            progress?.Report($"Wrote {outputPath}: {profile.Tables.Count} tables, {rows}, "
                + $"{profile.Tables.Sum(t => t.ForeignKeys.Count)} foreign keys.");
        }

        return profile;
    }
}
