using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// Opens the targets of a multi-database profile (ADR 0007): one <c>--target</c> per database of the profile, matched by
/// database name (a server database's name; a SQLite file's name without extension), each refused when it is one of
/// the profiled databases.
/// </summary>
internal static class MultiDatabaseTargets
{
    /// <summary>Opens one writer per database of the profile and the writer that gives each its tables.</summary>
    /// <exception cref="DuckfaceException">
    /// The targets do not match the profile's databases one to one (exit 2), or a target is refused.
    /// </exception>
    public static async Task<(IDatabaseWriter Writer, string Where)> OpenAsync(GenerateRequest request, WriterOptions options,
        CancellationToken cancellationToken)
    {
        var targets = await MatchAsync(request, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(request.Profile.Databases, targets, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens one writer per matched target (in the profile's order of databases) and the writer over them.</summary>
    public static async Task<(IDatabaseWriter Writer, string Where)> OpenAsync(IReadOnlyList<string> databases,
        IReadOnlyList<(string Database, DatabaseLocation Location)> targets, WriterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var opened = new List<(string, DatabaseLocation, IDatabaseWriter)>();
        try
        {
            foreach (var (database, location) in targets)
            {
                opened.Add((database, location, await location.Engine.OpenWriterAsync(location, options, cancellationToken)
                    .ConfigureAwait(false)));
            }
        }
        catch
        {
            foreach (var (_, _, writer) in opened)
                await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var where = string.Join(", ", opened.Select(o => o.Item2.Display));
        return (new MultiDatabaseWriter(databases, opened) { Progress = options.Progress, Append = options.Append }, where);
    }

    /// <summary>
    /// The target of each database of the profile, in the profile's order, after refusing a profile of one database given
    /// several targets, missing, unknown or doubled names, and (unless allowed) a target that is one of the profiled databases.
    /// </summary>
    /// <exception cref="DuckfaceException">
    /// The targets do not match the profile's databases one to one (exit 2), or a target is refused.
    /// </exception>
    public static async Task<IReadOnlyList<(string Database, DatabaseLocation Location)>> MatchAsync(GenerateRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = request.Profile;
        var urls = request.Targets.Count > 0 ? request.Targets : request.Target is { } one ? [one] : [];
        var matched = Match(profile, urls);
        if (!request.AllowSourceAsTarget)
        {
            foreach (var (_, location) in matched)
            {
                foreach (var fingerprint in profile.Source.Fingerprints ?? [])
                {
                    var single = profile with { Source = profile.Source with { Fingerprint = fingerprint } };
                    await GenerateRun.RefuseTheSourceAsync(single, location, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return matched;
    }

    /// <summary>
    /// The target of each database of <paramref name="profile"/>, in the profile's order, from one URL per database
    /// (<c>DATABASE=URL</c>, or a URL whose own name is the database's): generate and verify match them alike.
    /// </summary>
    /// <exception cref="DuckfaceException">The URLs do not match the profile's databases one to one (exit 2).</exception>
    public static IReadOnlyList<(string Database, DatabaseLocation Location)> Match(DatabaseProfile profile, IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(urls);
        var databases = profile.Databases;
        if (databases.Count == 0)
        {
            throw new DuckfaceException($"This profile covers one database, and {urls.Count} targets were given: "
                + "give one --target (several are for a profile of several databases, docs/adr/0007-several-databases.md).");
        }

        var byName = new Dictionary<string, DatabaseLocation>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            var (named, text) = SplitName(url);
            var location = DatabaseLocation.Parse(text);
            var name = named ?? NameOf(location);
            if (!databases.Contains(name, StringComparer.Ordinal) || !byName.TryAdd(name, location))
            {
                throw new DuckfaceException($"The target {location.Display} is named '{name}', which is "
                    + (byName.ContainsKey(name) ? "given twice" : "not a database of the profile")
                    + $": give one --target per database, named {string.Join(", ", databases)}.");
            }
        }

        if (databases.FirstOrDefault(d => !byName.ContainsKey(d)) is { } missing)
            throw new DuckfaceException($"The profile's database '{missing}' has no --target: give one named {missing}.");
        return [.. databases.Select(d => (d, byName[d]))];
    }

    /// <summary>
    /// <c>DATABASE=URL</c> names the profile database a target is for (CI fills <c>nova</c> into <c>ci_nova</c>); a plain URL
    /// is matched by its own name.
    /// </summary>
    private static (string? Name, string Url) SplitName(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var scheme = text.IndexOf(':', StringComparison.Ordinal);
        var slash = text.IndexOfAny(['/', '\\']);
        if (equals <= 0 || (scheme >= 0 && scheme < equals) || (slash >= 0 && slash < equals))
            return (null, text);
        return (text[..equals], text[(equals + 1)..]);
    }

    /// <summary>The name a target is matched by: its database name, or a SQLite file's name without extension.</summary>
    private static string NameOf(DatabaseLocation location) =>
        location.DatabaseName ?? Path.GetFileNameWithoutExtension(location.FilePath ?? location.Display);
}
