using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Generation;

/// <summary>What a generation run wrote.</summary>
/// <param name="RowsPerTable">Rows written per table, in load order.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record GenerationResult(IReadOnlyList<(string Table, long Rows)> RowsPerTable, TimeSpan Elapsed)
{
    /// <summary>All rows written.</summary>
    public long TotalRows => RowsPerTable.Sum(r => r.Rows);
}

/// <summary>What a generation run is doing now, for a live display (the plain lines go through <c>IProgress&lt;string&gt;</c>).</summary>
/// <param name="Table">The table being written; empty in <see cref="GenerationPhase.Finishing"/>.</param>
/// <param name="Index">The table's 1-based position in load order (the table count when finishing).</param>
/// <param name="Tables">How many tables the plan has.</param>
/// <param name="Rows">Rows of the table written so far (all rows when finishing).</param>
/// <param name="TargetRows">The plan's rows for the table (for the whole plan when finishing).</param>
/// <param name="Phase">What the run is doing.</param>
public sealed record GenerationProgress(string Table, int Index, int Tables, long Rows, long TargetRows, GenerationPhase Phase)
{
    /// <summary>Rows between two looks at the clock while a table is written (a power of two: one mask per row).</summary>
    public const long CheckEvery = 4_096;

    /// <summary>The least time between two reports while a table is written: at most ten reports a second.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
}

/// <summary>The phases of a generation run that a progress display shows.</summary>
public enum GenerationPhase
{
    /// <summary>A table's rows are being written (reported at its start, then at most every
    /// <see cref="GenerationProgress.MinInterval"/>).</summary>
    WritingRows,

    /// <summary>A table is written (<see cref="GenerationProgress.Rows"/> is its final count).</summary>
    TableDone,

    /// <summary>All rows are written; the writer builds the secondary indexes, checks the constraints and commits.</summary>
    Finishing,
}

/// <summary>Runs a plan through a writer: schema, then each table's rows parents first, then the constraint checks.</summary>
public static class DatabaseGenerator
{
    /// <summary>Generates every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.</summary>
    public static Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return RunAsync(profile, plan, writer, DatabaseEngines.TypesFor(profile.Source.Dialect), progress, cancellationToken);
    }

    /// <summary>Generates every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="types">The profile's source engine's type map (integer widths).</param>
    /// <param name="progress">Receives one line per table; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer,
        IColumnTypeMap types, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(profile, plan, writer, types, progress, null, cancellationToken);

    /// <summary>Generates every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="types">The profile's source engine's type map (integer widths).</param>
    /// <param name="progress">Receives one line per table; may be null.</param>
    /// <param name="tableProgress">Receives the rows of the table being written as they pass to the writer (throttled,
    /// possibly on the writer's thread) and the start of the finishing phase; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer,
        IColumnTypeMap types,
        IProgress<string>? progress, IProgress<GenerationProgress>? tableProgress, CancellationToken cancellationToken = default) =>
        RunAsync(profile, plan, writer, types, Shard.Whole, progress, tableProgress, cancellationToken);

    /// <summary>Generates one shard's slice of every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.
    /// A partial shard's tables are given to the writer without foreign keys: their rows reference parents in other shards, so
    /// no constraint is created and no orphan check runs (verify checks the union).</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="types">The profile's source engine's type map (integer widths).</param>
    /// <param name="shard">The slice of every table to write; <see cref="Shard.Whole"/> for all rows.</param>
    /// <param name="progress">Receives one line per table; may be null.</param>
    /// <param name="tableProgress">As in the overload without a shard; its row targets are the shard's.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer,
        IColumnTypeMap types, Shard shard,
        IProgress<string>? progress, IProgress<GenerationProgress>? tableProgress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        // the schema has every column; the rows leave out those the server computes (generated columns)
        var fillable = GeneratedColumns.Without(profile);
        // the generator's set-up and each table's per-row state watch the token: Ctrl-C unwinds them (issue 12)
        var generator = new RowGenerator(fillable, plan, types, cancellationToken);
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var fillableTables = fillable.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = plan.Tables.Select(t => fillableTables[t.Name]).ToList();
        var total = Stopwatch.StartNew();
        await writer.CreateSchemaAsync([.. plan.Tables.Select(t => ForShard(tables[t.Name], shard))], cancellationToken)
            .ConfigureAwait(false);
        var written = new List<(string, long)>();
        var prefetcher = new TablePrefetcher(generator, [.. ordered.Select(t => t.Name)]);
        for (var i = 0; i < ordered.Count; i++)
        {
            prefetcher.Reached(i);
            var table = ForShard(ordered[i], shard);
            var sw = Stopwatch.StartNew();
            var source = Cancellable(generator.Rows(table.Name, Environment.ProcessorCount, shard), cancellationToken);
            var target = shard.Slice(plan.Tables[i].TargetRows).Count;
            if (tableProgress is not null)
            {
                var start = new GenerationProgress(table.Name, i + 1, ordered.Count, 0, target, GenerationPhase.WritingRows);
                source = Counted(source, start, tableProgress);
            }

            var rows = await writer.WriteRowsAsync(table, source, cancellationToken).ConfigureAwait(false);
            written.Add((table.Name, rows));
            ReleaseDone(generator, ordered, i);
            tableProgress?.Report(new GenerationProgress(table.Name, i + 1, ordered.Count, rows, target, GenerationPhase.TableDone));
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"[{i + 1}/{ordered.Count}] {table.Name}: {rows:N0} rows in {sw.Elapsed.TotalSeconds:F1} s"));
        }

        progress?.Report("Checking constraints and finishing...");
        tableProgress?.Report(new GenerationProgress("", ordered.Count, ordered.Count, written.Sum(w => w.Item2),
            plan.Tables.Sum(t => shard.Slice(t.TargetRows).Count), GenerationPhase.Finishing));
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new GenerationResult(written, total.Elapsed);
    }

    /// <summary>A table as a shard's writer gets it: as it is for the whole run; without foreign keys for a partial shard.</summary>
    private static TableProfile ForShard(TableProfile table, Shard shard) =>
        shard.IsWhole || table.ForeignKeys.Count == 0 ? table : table with { ForeignKeys = [] };

    /// <summary>
    /// Passes <paramref name="rows"/> through, stopping within 1,024 rows of a cancel: a bulk load (MySqlBulkCopy, binary COPY) reads
    /// the rows itself and need not look at the token while it does (issue 12, Ctrl-C within a second).
    /// </summary>
    private static IEnumerable<object?[]> Cancellable(IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var row in rows)
        {
            if ((++count & 1023) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>Passes <paramref name="rows"/> through, reporting <paramref name="start"/> before the first row and then the count
    /// at most every <see cref="GenerationProgress.MinInterval"/>, looking at the clock every <see cref="GenerationProgress.CheckEvery"/>
    /// rows (a mask per row, a timestamp per 4,096: nothing measurable).</summary>
    private static IEnumerable<object?[]> Counted(IEnumerable<object?[]> rows, GenerationProgress start,
        IProgress<GenerationProgress> progress)
    {
        progress.Report(start);
        var interval = (long)(GenerationProgress.MinInterval.TotalSeconds * Stopwatch.Frequency);
        var last = Stopwatch.GetTimestamp();
        long count = 0;
        foreach (var row in rows)
        {
            yield return row;
            if ((++count & (GenerationProgress.CheckEvery - 1)) != 0)
                continue;
            var now = Stopwatch.GetTimestamp();
            if (now - last < interval)
                continue;
            last = now;
            progress.Report(start with { Rows = count });
        }
    }

    /// <summary>After table <paramref name="done"/> is written, frees the per-row state of every written table that no table
    /// still to come references (children read their parents' values), so memory follows the largest table, not the sum.</summary>
    private static void ReleaseDone(RowGenerator generator, List<TableProfile> ordered, int done)
    {
        for (var j = 0; j <= done; j++)
        {
            var name = ordered[j].Name;
            var needed = false;
            for (var k = done + 1; k < ordered.Count && !needed; k++)
                needed = ordered[k].ForeignKeys.Any(fk => string.Equals(fk.ReferencedTable, name, StringComparison.Ordinal));
            if (!needed)
                generator.Release(name);
        }
    }
}
