using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// Opens the targets of a multi-database profile (ADR 0007): one <c>--target</c> per database of the profile, matched by
/// database name (a server database's name; a SQLite file's name without extension), each refused when it is one of
/// the profiled databases.
/// </summary>
internal static class MultiDatabaseTargets
{
    /// <summary>Refuses <c>--into-existing</c> with a profile of several databases, which it cannot fill yet (ADR 0007).</summary>
    /// <exception cref="DuckfaceException">The request asks for it (exit 2).</exception>
    public static void RefuseIntoExisting(GenerateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IntoExisting && (request.Profile.Databases.Count > 0 || request.Targets.Count > 1))
        {
            throw new DuckfaceException("--into-existing fills one database; a profile of several databases is generated into "
                + "new ones (one --target per database) for now (docs/adr/0007-several-databases.md).");
        }
    }

    /// <exception cref="DuckfaceException">
    /// The targets do not match the profile's databases one to one (exit 2), or a target is refused.
    /// </exception>
    public static async Task<(IDatabaseWriter Writer, string Where)> OpenAsync(GenerateRequest request, WriterOptions options,
        CancellationToken cancellationToken)
    {
        var profile = request.Profile;
        var databases = profile.Databases;
        var urls = request.Targets.Count > 0 ? request.Targets : request.Target is { } one ? [one] : [];
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

        if (!request.AllowSourceAsTarget)
        {
            foreach (var location in byName.Values)
            {
                foreach (var fingerprint in profile.Source.Fingerprints ?? [])
                {
                    var single = profile with { Source = profile.Source with { Fingerprint = fingerprint } };
                    await GenerateRun.RefuseTheSourceAsync(single, location, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var opened = new List<(string, DatabaseLocation, IDatabaseWriter)>();
        try
        {
            foreach (var database in databases)
            {
                var location = byName[database];
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
        return (new MultiDatabaseWriter(databases, opened) { Progress = options.Progress }, where);
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
