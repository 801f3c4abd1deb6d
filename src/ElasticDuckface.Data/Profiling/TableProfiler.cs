using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Profiles one table once every table's rows are counted: fan-out histograms from the counting pass, column
/// statistics from a sample, then its dependencies (learned or measured, as <see cref="DependencyMode"/> decides).
/// </summary>
/// <param name="source">The database being profiled.</param>
/// <param name="settings">Sampling and category thresholds.</param>
/// <param name="dependencies">Learn or measure the row state and orderings.</param>
/// <param name="rowCounts">The exact row count of every table, by name (ordinal).</param>
internal sealed class TableProfiler(SourceDatabase source, ProfileSettings settings, DependencyMode dependencies,
    IReadOnlyDictionary<string, long> rowCounts)
{
    /// <summary>
    /// Reads what <paramref name="table"/>'s description needs from the database (its sample, the range of its sequence
    /// column), on the source's one connection; <see cref="Describe"/> then needs no database, so the caller can run it on
    /// another core while the connection reads the next table.
    /// </summary>
    /// <param name="table">The table's schema.</param>
    /// <param name="joint">Its sample and joint fan-outs from the counting pass, or null to sample it now.</param>
    /// <param name="steps">Told the phases and the rows read, for a display (started on the table by the caller).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DuckfaceException">The table is marked public and has too many rows to keep verbatim.</exception>
    public async Task<TableRead> ReadAsync(TableProfile table, JointSample? joint, ProfilingSteps steps,
        CancellationToken cancellationToken)
    {
        var rows = rowCounts[table.Name];
        var isPublic = table.Privacy == ColumnPrivacy.Public;
        if (isPublic && rows > PrivacyMarking.MaxPublicTableRows)
        {
            throw new DuckfaceException($"Table '{table.Name}' is marked public but has more than {PrivacyMarking.MaxPublicTableRows:N0} "
                + "rows, too many to keep verbatim: mark its columns public instead (values kept, rows generated); nothing was written.");
        }

        // a public table's rows are all kept, so all are read
        var sampling = isPublic ? settings with { SampleRows = Math.Max(rows, settings.SampleRows) } : settings;
        var sample = joint is { } j && (!isPublic || j.Rows.Count == rows)
            ? j.Rows
            : await TableSampler.SampleAsync(source, table, rows, sampling, steps, cancellationToken).ConfigureAwait(false);
        var sequenceColumn = SequenceColumn(table);
        (long, long)? sequence = null;
        if (sequenceColumn >= 0 && rows > 0 && table.Columns[sequenceColumn].Unsigned)
        {
            // a BIGINT UNSIGNED key past 2^63 − 1 has no (long, long) range (its keys were generated below 2^63): its values
            // describe it
            var mm = await ProfileQueries.MinMaxAsync<(decimal Min, decimal Max)>(source, table,
                source.Quote(table.Columns[sequenceColumn].Name), cancellationToken).ConfigureAwait(false);
            sequence = mm.Max <= long.MaxValue ? ((long)mm.Min, (long)mm.Max) : null;
            sequenceColumn = sequence is null ? -1 : sequenceColumn;
        }
        else if (sequenceColumn >= 0 && rows > 0)
        {
            var mm = await ProfileQueries.MinMaxAsync<(long Min, long Max)>(source, table, source.Quote(table.Columns[sequenceColumn].Name),
                cancellationToken).ConfigureAwait(false);
            sequence = (mm.Min, mm.Max);
        }

        return new TableRead(sample, sequenceColumn, sequence, joint);
    }

    /// <summary>
    /// Describes <paramref name="table"/> from what <see cref="ReadAsync"/> read: fan-out histograms, column statistics, then
    /// its dependencies (learned or measured). No database access and no shared state: safe on any thread.
    /// </summary>
    /// <param name="table">The table's schema.</param>
    /// <param name="bins">The non-zero fan-out bins of each of its foreign keys.</param>
    /// <param name="read">Its sample and sequence range.</param>
    public TableProfile Describe(TableProfile table, IReadOnlyList<(long Children, long Parents)>[] bins, TableRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var rows = rowCounts[table.Name];
        var fks = new List<ForeignKeyProfile>();
        for (var f = 0; f < table.ForeignKeys.Count; f++)
        {
            var fk = table.ForeignKeys[f];
            fks.Add(fk with { Stats = FanOutHistogram.Build(rowCounts.GetValueOrDefault(fk.ReferencedTable), rows, bins[f]) });
        }

        var sample = read.Sample;
        var columns = new List<ColumnProfile>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            var sequence = c == read.SequenceColumn ? read.Sequence : null;
            var values = sample.Select(r => r[c]).ToList();
            // drop (privacy file): the type only
            var stats = column.Privacy == ColumnPrivacy.Drop ? null : ColumnAnalyzer.Analyze(column, values, rows, settings, sequence);
            if (stats is not null && FractionMeter.Measure(column, values) is { } fractions)
                stats = stats with { Fractions = fractions };
            columns.Add(column with { Stats = stats });
        }

        var profiled = table with
        {
            RowCount = rows,
            SampledRows = sample.Count < rows ? sample.Count : null,
            Columns = columns,
            ForeignKeys = fks,
            JointForeignKeys = read.Joint?.FanOuts ?? [],
        };
        var dependent = VerbatimRowsOf.WithoutDropped(dependencies.WithDependencies(profiled, sample, rows, settings));
        return table.Privacy == ColumnPrivacy.Public ? dependent with { Verbatim = VerbatimRowsOf.Table(dependent, sample) } : dependent;
    }

    /// <summary>
    /// The position of the single-column integer primary key that is not also a foreign key, or -1: a dense sequence,
    /// whose exact range the database gives cheaply.
    /// </summary>
    private static int SequenceColumn(TableProfile table)
    {
        if (table.PrimaryKey is not { Columns.Count: 1 } pk)
            return -1;
        var index = table.ColumnIndex(pk.Columns[0]);
        if (index < 0 || table.Columns[index].Category != ColumnCategory.Integer)
            return -1;
        return table.ForeignKeys.Any(f => f.Columns.Any(c => table.ColumnIndex(c) == index)) ? -1 : index;
    }
}

/// <summary>What <see cref="TableProfiler.ReadAsync"/> read of a table for its description.</summary>
/// <param name="Sample">Its rows (all, or a sample), normalised, in column order.</param>
/// <param name="SequenceColumn">The position of its sequence column (<see cref="TableProfiler"/>), or -1.</param>
/// <param name="Sequence">That column's exact minimum and maximum, or null.</param>
/// <param name="Joint">Its joint fan-outs from the counting pass, or null.</param>
internal sealed record TableRead(List<object?[]> Sample, int SequenceColumn, (long Min, long Max)? Sequence, JointSample? Joint);
