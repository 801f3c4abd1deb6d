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
    /// <summary>Profiles <paramref name="table"/> (its schema as read).</summary>
    /// <param name="table">The table's schema.</param>
    /// <param name="bins">The non-zero fan-out bins of each of its foreign keys.</param>
    /// <param name="joint">Its sample and joint fan-outs from the counting pass, or null to sample it now.</param>
    /// <param name="steps">Told the phases and the rows read, for a display (started on the table by the caller).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<TableProfile> ProfileAsync(TableProfile table, IReadOnlyList<(long Children, long Parents)>[] bins,
        JointSample? joint, ProfilingSteps steps, CancellationToken cancellationToken)
    {
        var rows = rowCounts[table.Name];
        var fks = new List<ForeignKeyProfile>();
        for (var f = 0; f < table.ForeignKeys.Count; f++)
        {
            var fk = table.ForeignKeys[f];
            fks.Add(fk with { Stats = FanOutHistogram.Build(rowCounts.GetValueOrDefault(fk.ReferencedTable), rows, bins[f]) });
        }

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
        steps.Next(ProfilingPhase.Describing);
        var sequenceColumn = SequenceColumn(table);
        var columns = new List<ColumnProfile>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            (long, long)? sequence = null;
            if (c == sequenceColumn && rows > 0)
            {
                var mm = await ProfileQueries.MinMaxAsync<(long Min, long Max)>(source, table, source.Quote(column.Name), cancellationToken)
                    .ConfigureAwait(false);
                sequence = (mm.Min, mm.Max);
            }

            var values = sample.Select(r => r[c]).ToList();
            // drop (privacy file): the type only
            var stats = column.Privacy == ColumnPrivacy.Drop ? null : ColumnAnalyzer.Analyze(column, values, rows, settings, sequence);
            columns.Add(column with { Stats = stats });
        }

        var profiled = table with
        {
            RowCount = rows,
            SampledRows = sample.Count < rows ? sample.Count : null,
            Columns = columns,
            ForeignKeys = fks,
            JointForeignKeys = joint?.FanOuts ?? [],
        };
        var dependent = VerbatimRowsOf.WithoutDropped(dependencies.WithDependencies(profiled, sample, rows, settings));
        return isPublic ? dependent with { Verbatim = VerbatimRowsOf.Table(dependent, sample) } : dependent;
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
