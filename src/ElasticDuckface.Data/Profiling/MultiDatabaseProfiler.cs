using System.Data.Common;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Profiles several databases of one MySQL/MariaDB server as one profile (ADR 0007): each database's schema is read
/// through its own connection and qualified (<c>nova_api.instance_mappings</c>); everything else (inference, counts,
/// fan-outs, samples, row states) runs on one connection and one consistent snapshot, so references across the databases
/// are found and measured like any other.
/// </summary>
internal static class MultiDatabaseProfiler
{
    /// <exception cref="DuckfaceException">
    /// The locations are not databases of one MySQL/MariaDB server (exit 2), or cannot be read.
    /// </exception>
    public static async Task<(DatabaseProfile Profile, ForeignKeyInferenceResult? Inference)> ProfileAsync(
        IReadOnlyList<DatabaseLocation> locations, ProfileSettings settings, ForeignKeyInferenceOptions? inference,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var names = await CheckAsync(locations, cancellationToken).ConfigureAwait(false);
        var named = names.Zip(locations).ToList();
        var (schema, fingerprints) = await ReadSchemasAsync(named, cancellationToken).ConfigureAwait(false);
        var qualified = await OpenAsync(named, cancellationToken).ConfigureAwait(false);
        await using (qualified.ConfigureAwait(false))
        {
            return await Read(locations[0], async () =>
            {
                IReadOnlyList<TableProfile> tables = schema;
                ForeignKeyInferenceResult? inferred = null;
                if (inference is not null)
                {
                    (tables, inferred) = await ForeignKeyInference.RunAsync(qualified, tables, inference, progress, cancellationToken)
                        .ConfigureAwait(false);
                }

                var profile = await Profiler.ProfileTablesAsync(qualified, tables, settings, new DependencyMode(null), progress,
                    cancellationToken).ConfigureAwait(false);
                return (profile with
                {
                    Databases = names,
                    Source = profile.Source with { Fingerprint = fingerprints[0], Fingerprints = fingerprints },
                }, inferred);
            }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Verify's measurement of the targets of a multi-database profile: each target (named by the profile's database it
    /// stands for) profiled as one, the row states and undeclared references of <paramref name="reference"/> measured.
    /// </summary>
    /// <exception cref="DuckfaceException">The targets are not databases of one MySQL/MariaDB server, or cannot be read.</exception>
    public static async Task<DatabaseProfile> MeasureAsync(IReadOnlyList<(string Database, DatabaseLocation Location)> targets,
        ProfileSettings settings, DatabaseProfile reference, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        await CheckAsync([.. targets.Select(t => t.Location)], cancellationToken).ConfigureAwait(false);
        var (schema, _) = await ReadSchemasAsync(targets, cancellationToken).ConfigureAwait(false);
        var qualified = await OpenAsync(targets, cancellationToken).ConfigureAwait(false);
        await using (qualified.ConfigureAwait(false))
        {
            var tables = UndeclaredReferences.CopyFrom(reference, schema);
            var profile = await Read(targets[0].Location, () => Profiler.ProfileTablesAsync(qualified, tables, settings,
                new DependencyMode(reference), progress, cancellationToken)).ConfigureAwait(false);
            return profile with { Databases = reference.Databases };
        }
    }

    /// <summary>
    /// Every database's schema through its own connection, qualified by the profile database it stands for (sorted by
    /// name), and each database's fingerprint.
    /// </summary>
    internal static async Task<(List<TableProfile> Schema, List<string> Fingerprints)> ReadSchemasAsync(
        IReadOnlyList<(string Database, DatabaseLocation Location)> named, CancellationToken cancellationToken)
    {
        var schema = new List<TableProfile>();
        var fingerprints = new List<string>();
        foreach (var (name, location) in named)
        {
            var source = await SourceDatabase.OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var tables = await Read(location, () => source.ReadSchemaAsync(cancellationToken)).ConfigureAwait(false);
                if (tables.Count == 0)
                    throw new DatabaseOperationException(NoTables.Message(location));
                schema.AddRange(DatabaseNames.QualifyAll(name, tables));
            }

            var identity = await location.Engine.ReadIdentityAsync(location, cancellationToken).ConfigureAwait(false);
            fingerprints.Add(SourceFingerprint.Create(identity));
        }

        schema.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (schema, fingerprints);
    }

    /// <summary>The first database's read-only connection and snapshot, quoting <c>database.table</c> as the server names it.</summary>
    internal static async Task<QualifiedSource> OpenAsync(IReadOnlyList<(string Database, DatabaseLocation Location)> named,
        CancellationToken cancellationToken)
    {
        var first = await SourceDatabase.OpenReadOnlyAsync(named[0].Location, cancellationToken).ConfigureAwait(false);
        return new QualifiedSource(first, named.Select(n => KeyValuePair.Create(n.Database, n.Location.DatabaseName!)));
    }

    /// <summary>The database names, after checking that the locations are distinct databases of one MySQL/MariaDB server.</summary>
    private static async Task<List<string>> CheckAsync(IReadOnlyList<DatabaseLocation> locations, CancellationToken cancellationToken)
    {
        if (locations.Any(l => l.Engine != MySqlEngine.Instance))
        {
            throw new DuckfaceException("Several databases in one profile must be MySQL/MariaDB databases of one server "
                + "(mysql://user@host:port/db1 mysql://user@host:port/db2); profile other engines one database at a time.");
        }

        if (!await OneServer.HoldsAsync(locations, cancellationToken).ConfigureAwait(false))
        {
            throw new DuckfaceException("Several databases in one profile must be on one server (references across them are "
                + $"measured with one query): {string.Join(", ", locations.Select(l => l.Display))} are not.");
        }

        var names = locations.Select(l => l.DatabaseName!).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            var twice = names.GroupBy(n => n).First(g => g.Count() > 1).Key;
            throw new DuckfaceException($"The database {twice} is named twice: name each database once.");
        }

        return names;
    }

    private static async Task<T> Read<T>(DatabaseLocation location, Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new DatabaseOperationException($"Reading {location.Display} failed: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
