using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// The correlation of a row's two parents' fan-outs, per pair of foreign keys: over the rows of the table's sample
/// (all rows up to <see cref="ProfileSettings.SampleRows"/>, so exact for small tables), each row's x and y are the
/// children counts of its two parents, looked up in the per-key counts of the fan-out <c>GROUP BY</c>
/// (<see cref="ProfileQueries.FanOutBinsAsync"/>); Pearson's r then comes from the six sums. A join of the child with
/// both counts did the same in SQL but cost 3 s per million child rows in SQLite (20× the bare aggregates on the profile
/// benchmark).
/// </summary>
internal static class JointFanOuts
{
    /// <summary>
    /// The key a parent's children count is filed under: its foreign key values, normalised, joined by the unit
    /// separator. The <c>GROUP BY</c> and the sample must both use it, or a sampled row misses its parent's count.
    /// </summary>
    public static string ParentKey(IEnumerable<object> values) => string.Join('\u001f', values.Select(ColumnAnalyzer.Key));

    /// <summary>One entry per unordered pair of <paramref name="table"/>'s foreign keys, in their order.</summary>
    /// <param name="table">The table; its sample's values are in the order of its columns.</param>
    /// <param name="sample">The sampled rows, normalised.</param>
    /// <param name="perKey">Per foreign key, the children count of every parent key.</param>
    public static List<JointForeignKeyProfile> Measure(TableProfile table, List<object?[]> sample, Dictionary<string, long>[] perKey)
    {
        var keys = new string?[table.ForeignKeys.Count][];
        for (var f = 0; f < table.ForeignKeys.Count; f++)
        {
            var columns = table.ForeignKeys[f].Columns.Select(table.ColumnIndex).ToArray();
            keys[f] = sample
                .Select(row => columns.Any(c => c < 0 || row[c] is null) ? null : ParentKey(columns.Select(c => row[c]!)))
                .ToArray();
        }

        var result = new List<JointForeignKeyProfile>();
        for (var a = 0; a < table.ForeignKeys.Count; a++)
        {
            for (var b = a + 1; b < table.ForeignKeys.Count; b++)
            {
                long n = 0;
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (var r = 0; r < sample.Count; r++)
                {
                    if (keys[a][r] is not { } ka || keys[b][r] is not { } kb
                        || !perKey[a].TryGetValue(ka, out var x) || !perKey[b].TryGetValue(kb, out var y))
                        continue;
                    n++;
                    sx += x;
                    sy += y;
                    sxx += (double)x * x;
                    syy += (double)y * y;
                    sxy += (double)x * y;
                }

                result.Add(new JointForeignKeyProfile
                {
                    First = new ForeignKeyReference(table.ForeignKeys[a].Name, table.ForeignKeys[a].Columns),
                    Second = new ForeignKeyReference(table.ForeignKeys[b].Name, table.ForeignKeys[b].Columns),
                    Rows = n,
                    FanOutCorrelation = Quantiles.Tidy(PearsonCorrelation.FromSums(n, sx, sy, sxx, syy, sxy)),
                });
            }
        }

        return result;
    }
}
