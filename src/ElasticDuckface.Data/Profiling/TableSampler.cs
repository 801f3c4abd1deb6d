using System.Globalization;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// The rows a table's columns are described from: all rows of a small table; for a large one, about
/// <see cref="ProfileSettings.SampleRows"/> rows picked by random key values (index lookups, not a scan), falling back to
/// every k-th row of a scan. Values come normalised by <see cref="ValueNormalizer"/>, in column order.
/// </summary>
internal static class TableSampler
{
    /// <summary>Keys per <c>IN (...)</c> list: well below every engine's limit on parameters and statement length.</summary>
    private const int InListChunk = 1000;

    /// <summary>Samples <paramref name="table"/>, which has <paramref name="rows"/> rows.</summary>
    /// <param name="source">The database.</param>
    /// <param name="table">The table's schema.</param>
    /// <param name="rows">Its exact row count.</param>
    /// <param name="settings">The sample size.</param>
    /// <param name="steps">Told the rows read (every row a scan passes, kept or not), for a display.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<List<object?[]>> SampleAsync(SourceDatabase source, TableProfile table, long rows, ProfileSettings settings,
        ProfilingSteps steps, CancellationToken cancellationToken)
    {
        var select = $"SELECT {string.Join(", ", table.Columns.Select(source.SelectValue))} FROM {source.Quote(table.Name)}";
        if (rows <= settings.SampleRows)
        {
            steps.StartReading(rows);
            return await ReadRowsAsync(source, table, select, 1, new List<object?[]>(), steps, cancellationToken).ConfigureAwait(false);
        }

        var key = SampleKey(source, table);
        if (key is not null)
        {
            var range = await ProfileQueries.MinMaxAsync<(long? Min, long? Max)>(source, table, key, cancellationToken)
                .ConfigureAwait(false);
            if (range.Min is { } min && range.Max is { } max)
            {
                var ids = PickIds(table.Name, min, max, settings.SampleRows);
                steps.StartReading(ids.Length);
                var sample = new List<object?[]>();
                foreach (var chunk in ids.Chunk(InListChunk))
                {
                    var sql = select + $" WHERE {key} IN ({string.Join(",", chunk.Select(x => x.ToString(CultureInfo.InvariantCulture)))})";
                    await ReadRowsAsync(source, table, sql, 1, sample, steps, cancellationToken).ConfigureAwait(false);
                }

                // a sparse key range can leave the sample thin; then scan instead
                if (sample.Count >= settings.SampleRows / 4)
                    return sample;
            }
        }

        var every = (int)Math.Max(1, rows / settings.SampleRows);
        steps.StartReading(rows);
        return await ReadRowsAsync(source, table, select, every, new List<object?[]>(), steps, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The quoted integer column to look rows up by: a one-column integer primary key, else the engine's row id.</summary>
    private static string? SampleKey(SourceDatabase source, TableProfile table)
    {
        if (table.PrimaryKey is { Columns.Count: 1 } pk && table.FindColumn(pk.Columns[0]) is { Category: ColumnCategory.Integer })
            return source.Quote(pk.Columns[0]);
        return source.RowIdColumn;
    }

    /// <summary>Distinct random keys in [min, max], the same every run (seeded by the table name), sorted.</summary>
    private static long[] PickIds(string table, long min, long max, long count)
    {
        var span = (ulong)(max - min) + 1;
        if (span <= (ulong)count)
            return Enumerable.Range(0, (int)span).Select(i => min + i).ToArray();
        var stream = StableHash.Derive(0, "sample", table);
        var picked = new HashSet<long>();
        for (long draw = 0; picked.Count < count; draw++)
            picked.Add(min + (long)(StableHash.At(stream, draw) % span));
        var ids = picked.ToArray();
        Array.Sort(ids);
        return ids;
    }

    /// <summary>Every <paramref name="every"/>-th row of the query's result, starting with the first, normalised, added to
    /// <paramref name="result"/> (which is returned); <paramref name="steps"/> told the rows read so far, those of earlier
    /// calls on the same list included.</summary>
    private static async Task<List<object?[]>> ReadRowsAsync(SourceDatabase source, TableProfile table, string sql, int every,
        List<object?[]> result, ProfilingSteps steps, CancellationToken cancellationToken)
    {
        long n = 0;
        var before = result.Count;
        var width = table.Columns.Count;
        await RowReader.ReadAsync(source, sql, reader =>
        {
            steps.Read(every == 1 ? before + n + 1 : n + 1);
            if (n++ % every != 0)
                return;
            var row = new object?[width];
            for (var c = 0; c < width; c++)
                row[c] = ValueNormalizer.Normalize(RowReader.Value(reader, c), table.Columns[c].Category);
            result.Add(row);
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
