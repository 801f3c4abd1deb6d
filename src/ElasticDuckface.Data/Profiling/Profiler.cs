using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Profiles a database: reads its schema, counts rows exactly, measures every foreign key's fan-out with SQL aggregates,
/// and describes each column's distribution from its rows (or from a sample of them for large tables).
/// It never writes: SQLite is opened read-only, MySQL is read inside a read-only consistent-snapshot transaction.
/// </summary>
/// <example>
/// <code>
/// var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse("chinook.db"), new ProfileSettings());
/// await ProfileSerializer.WriteAsync(profile, "chinook.profile.json");
/// </code>
/// </example>
public static class Profiler
{
    /// <summary>Profiles the database at <paramref name="location"/>.</summary>
    /// <param name="location">The source database.</param>
    /// <param name="settings">Sampling and category thresholds.</param>
    /// <param name="progress">Receives one line per step (for stderr); may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DatabaseOperationException">The database cannot be read or has no tables.</exception>
    public static Task<DatabaseProfile> ProfileAsync(DatabaseLocation location, ProfileSettings settings,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        ProfileAsync(location, settings, reference: null, progress, cancellationToken);

    /// <summary>
    /// Profiles the database at <paramref name="location"/> as
    /// <see cref="ProfileAsync(DatabaseLocation, ProfileSettings, IProgress{string}?, CancellationToken)"/> does, but
    /// measures the row states (learned dependencies) of <paramref name="reference"/> instead of learning its own, so that
    /// verify compares like with like.
    /// </summary>
    /// <param name="location">The database to measure.</param>
    /// <param name="settings">Sampling and category thresholds.</param>
    /// <param name="reference">The profile whose row states to measure, or null to learn them.</param>
    /// <param name="progress">Receives one line per step (for stderr); may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DatabaseOperationException">The database cannot be read or has no tables.</exception>
    public static async Task<DatabaseProfile> ProfileAsync(DatabaseLocation location, ProfileSettings settings, DatabaseProfile? reference,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        (await ProfileAsync(location, settings, reference, inference: null, progress, cancellationToken).ConfigureAwait(false)).Profile;

    /// <summary>
    /// Profiles the database at <paramref name="location"/> after looking for the references it does not declare
    /// (<c>profile --infer-fks</c>, <c>--fks FILE</c>): the accepted ones are profiled as foreign keys with
    /// <see cref="ForeignKeyProfile.Declared"/> false. Returns the profile and the evidence of every candidate.
    /// </summary>
    /// <param name="location">The source database.</param>
    /// <param name="settings">Sampling and category thresholds.</param>
    /// <param name="inference">The inference rules and the review file, if any.</param>
    /// <param name="progress">Receives one line per step (for stderr); may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DatabaseOperationException">The database cannot be read or has no tables.</exception>
    /// <exception cref="DuckfaceException">
    /// The review file names an unknown table or column, or gives a minimum to no foreign key (exit 2).
    /// </exception>
    public static async Task<(DatabaseProfile Profile, ForeignKeyInferenceResult Inference)> ProfileAsync(DatabaseLocation location,
        ProfileSettings settings, ForeignKeyInferenceOptions inference, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inference);
        var (profile, result) = await ProfileAsync(location, settings, null, inference, progress, cancellationToken).ConfigureAwait(false);
        return (profile, result!);
    }

    /// <summary>
    /// Profiles several databases of one MySQL/MariaDB server into one profile whose tables are named
    /// <c>database.table</c> (ADR 0007), references across the databases included when inference or the review file finds
    /// them; one location is profiled as by the other overloads.
    /// </summary>
    /// <param name="locations">The databases, in the order they are listed in the profile.</param>
    /// <param name="settings">Sampling and category thresholds.</param>
    /// <param name="inference">The inference rules and the review file, or null for the declared foreign keys only.</param>
    /// <param name="progress">Receives one line per step (for stderr); may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DuckfaceException">The locations are not databases of one server, or cannot be read.</exception>
    public static Task<(DatabaseProfile Profile, ForeignKeyInferenceResult? Inference)> ProfileAsync(
        IReadOnlyList<DatabaseLocation> locations, ProfileSettings settings, ForeignKeyInferenceOptions? inference,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentOutOfRangeException.ThrowIfZero(locations.Count);
        ArgumentNullException.ThrowIfNull(settings);
        return locations.Count == 1
            ? ProfileAsync(locations[0], settings, null, inference, progress, cancellationToken)
            : MultiDatabaseProfiler.ProfileAsync(locations, settings, inference, progress, cancellationToken);
    }

    private static async Task<(DatabaseProfile Profile, ForeignKeyInferenceResult? Inference)> ProfileAsync(DatabaseLocation location,
        ProfileSettings settings, DatabaseProfile? reference, ForeignKeyInferenceOptions? inference, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        var source = await SourceDatabase.OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                var schema = await source.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
                if (schema.Count == 0)
                {
                    throw new DatabaseOperationException(NoTables.Message(location));
                }

                if (reference is not null)
                    schema = PrivacyMarking.CopyFrom(reference, UndeclaredReferences.CopyFrom(reference, schema));
                ForeignKeyInferenceResult? inferred = null;
                if (inference is not null)
                {
                    (schema, inferred) = await ForeignKeyInference.RunAsync(source, schema, inference, progress, cancellationToken)
                        .ConfigureAwait(false);
                }

                var profile = await ProfileTablesAsync(source, schema, settings, new DependencyMode(reference), progress, cancellationToken)
                    .ConfigureAwait(false);
                if (reference is not null)
                    return (profile, inferred); // a measured profile (verify) is compared, never generated from: no fingerprint
                var identity = await location.Engine.ReadIdentityAsync(location, cancellationToken).ConfigureAwait(false);
                return (profile with { Source = profile.Source with { Fingerprint = SourceFingerprint.Create(identity) } }, inferred);
            }
            catch (DbException ex)
            {
                throw new DatabaseOperationException($"Reading {location.Display} failed: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }
    }

    /// <summary>
    /// Three passes: count rows and fan-outs (sampling the tables with several foreign keys for their joint fan-outs),
    /// profile each table, then measure how row states follow their parents across foreign keys.
    /// </summary>
    internal static async Task<DatabaseProfile> ProfileTablesAsync(SourceDatabase source, IReadOnlyList<TableProfile> schema,
        ProfileSettings settings, DependencyMode dependencies, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (settings.Privacy is { } privacy)
            schema = PrivacyMarking.Apply(schema, privacy);
        // Fan-out bins first: they also give the exact row count of every table with a NOT NULL foreign key
        // (each row sits in exactly one group), which saves a full COUNT(*) scan of the largest tables.
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"Counting rows and measuring the fan-out of {schema.Sum(t => t.ForeignKeys.Count)} foreign keys..."));
        var bins = new Dictionary<string, IReadOnlyList<(long Children, long Parents)>[]>(StringComparer.Ordinal);
        var rowCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var samples = new Dictionary<string, JointSample>(StringComparer.Ordinal);
        // the keys whose parent another key references too keep their per-parent counts for the busy-parent correlations
        var busyKeys = BusyParents.Keys(schema);
        var busy = new Dictionary<(string Table, int ForeignKey), ParentKeyCounts>();
        var steps = ProfilingSteps.For(progress);
        for (var i = 0; i < schema.Count; i++)
        {
            var t = schema[i];
            steps.Start(t.Name, i + 1, schema.Count, ProfilingPhase.Counting);
            // a table with several foreign keys keeps each key's children count per parent key until its joint fan-outs
            // are measured on its sample (then they are dropped): one GROUP BY per key, no join over the child
            var keepKeys = t.ForeignKeys.Count >= 2;
            var tableBins = new IReadOnlyList<(long Children, long Parents)>[t.ForeignKeys.Count];
            var perKey = new Dictionary<string, long>?[t.ForeignKeys.Count];
            for (var f = 0; f < t.ForeignKeys.Count; f++)
            {
                var counts = busyKeys.Contains((t.Name, f)) ? busy[(t.Name, f)] = new ParentKeyCounts() : null;
                (tableBins[f], perKey[f]) = await ProfileQueries.FanOutBinsAsync(source, t, t.ForeignKeys[f], keepKeys, cancellationToken,
                    counts).ConfigureAwait(false);
            }

            bins[t.Name] = tableBins;
            rowCounts[t.Name] = await ProfileQueries.CountRowsAsync(source, t, tableBins, cancellationToken).ConfigureAwait(false);
            if (keepKeys)
            {
                var sample = await TableSampler.SampleAsync(source, t, rowCounts[t.Name], settings, steps, cancellationToken)
                    .ConfigureAwait(false);
                samples[t.Name] = new JointSample(sample, JointFanOuts.Measure(t, sample, perKey!));
            }
        }

        var tableProfiler = new TableProfiler(source, settings, dependencies, rowCounts);
        var result = await DescribeTablesAsync(tableProfiler, schema, bins, samples, steps, progress, cancellationToken)
            .ConfigureAwait(false);

        if (busy.Count > 0)
            result = BusyParents.Measure(result, busy, dependencies.Reference);
        if (result.Any(t => t.RowState is not null))
        {
            progress?.Report("Measuring how row states follow their parents...");
            steps.Start("", schema.Count, schema.Count, ProfilingPhase.ParentStates);
            await ParentStates.MeasureAsync(source, result, dependencies, cancellationToken).ConfigureAwait(false);
        }

        // verify measures a target against a profile and never grows it: the clusters are the profile's alone
        if (settings.FanOutClusters && !dependencies.Measures)
        {
            progress?.Report("Measuring how fan-outs cluster along other references...");
            await FanOutClusterMeter.MeasureAsync(source, result, cancellationToken).ConfigureAwait(false);
        }

        return new DatabaseProfile
        {
            Source = new ProfileSource(source.Dialect),
            Settings = settings,
            // last: the row states' per-state fan-outs are measured above. Verify's measurement of a target is compared with
            // the reference histogram grown to the target's counts (a model, not a coarsened histogram): it stays exact
            Tables = dependencies.Measures ? result : [.. result.Select(t => FanOutCoarsening.Coarsen(t, settings.MinCount))],
        };
    }

    /// <summary>
    /// The second pass: each table's sample and sequence range read on the source's one connection, in order, while the
    /// tables read before are described (column statistics, dependencies: CPU only) on the thread pool, at most one per
    /// core plus one ahead so that samples do not pile up. The profile is the same as one table after the other (each
    /// description depends on its own table's reads only); the lines are printed in table order.
    /// </summary>
    private static async Task<List<TableProfile>> DescribeTablesAsync(TableProfiler tableProfiler, IReadOnlyList<TableProfile> schema,
        Dictionary<string, IReadOnlyList<(long Children, long Parents)>[]> bins, Dictionary<string, JointSample> samples,
        ProfilingSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var result = new List<TableProfile>();
        var pending = new Queue<(int Index, long Started, Task<TableProfile> Described)>();
        async Task FinishOldestAsync()
        {
            var (i, started, described) = pending.Dequeue();
            var profiled = await described.ConfigureAwait(false);
            result.Add(profiled);
            var sampled = profiled.SampledRows is { } n ? $", columns from a {n:N0}-row sample" : "";
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"[{i + 1}/{schema.Count}] {profiled.Name}: {profiled.RowCount:N0} rows, {profiled.ForeignKeys.Count} foreign keys"
                + $"{sampled} ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)"));
        }

        try
        {
            for (var i = 0; i < schema.Count; i++)
            {
                var table = schema[i];
                var started = Stopwatch.GetTimestamp();
                // removed as used: a sample is only needed for its own table
                samples.Remove(table.Name, out var joint);
                steps.On(table.Name, i + 1, schema.Count);
                if (joint is not null)
                    steps.Next(ProfilingPhase.Describing);
                var read = await tableProfiler.ReadAsync(table, joint, steps, cancellationToken).ConfigureAwait(false);
                var tableBins = bins[table.Name];
                pending.Enqueue((i, started, Task.Run(() => tableProfiler.Describe(table, tableBins, read), cancellationToken)));
                while (pending.Count > Environment.ProcessorCount || (pending.Count > 0 && pending.Peek().Described.IsCompleted))
                    await FinishOldestAsync().ConfigureAwait(false);
            }

            while (pending.Count > 0)
            {
                var (i, _, _) = pending.Peek();
                steps.Start(schema[i].Name, i + 1, schema.Count, ProfilingPhase.Describing);
                await FinishOldestAsync().ConfigureAwait(false);
            }

            steps.Next(ProfilingPhase.TableDone);
            return result;
        }
        finally
        {
            // a failed read leaves descriptions running: let them end before the caller closes the source (they never touch it)
            await Task.WhenAll(pending.Select(p => p.Described)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }
}
