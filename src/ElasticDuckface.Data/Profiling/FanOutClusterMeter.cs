using System.Text;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Measures how each foreign key's children cluster along the child's other reference paths (<see cref="FanOutClusters"/>):
/// for every ancestor reached through another foreign key of the child (up to <see cref="MaxHops"/> single-column,
/// non-self references), the clusters per parent and the cluster sizes, by two <c>GROUP BY</c>s over the joined path.
/// A sample grown back along one dimension then thins clusters of that dimension instead of children
/// (docs/adr/0006-fan-out-growth.md, "Clustered thinning").
/// </summary>
internal static class FanOutClusterMeter
{
    /// <summary>References followed from the child: InvoiceLine → Track → Album → Artist is three.</summary>
    public const int MaxHops = 3;

    /// <summary>At most this many paths per foreign key (the shortest first), so a wide schema stays a few queries per key.</summary>
    public const int MaxPaths = 12;

    /// <summary>Adds the cluster paths to every profiled foreign key of <paramref name="tables"/>; entries are replaced.</summary>
    public static async Task MeasureAsync(SourceDatabase source, List<TableProfile> tables, CancellationToken cancellationToken)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            var child = tables[i];
            var fks = child.ForeignKeys.ToList();
            var changed = false;
            for (var f = 0; f < fks.Count; f++)
            {
                if (fks[f].Stats is not { ChildRows: > 0 } stats || IsSelf(child, fks[f]))
                    continue;
                var found = new List<FanOutClusters>();
                foreach (var path in Paths(child, fks[f], byName))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await MeasureAsync(source, child, fks[f], stats, path, cancellationToken).ConfigureAwait(false) is { } c)
                        found.Add(c);
                }

                if (found.Count > 0)
                {
                    fks[f] = fks[f] with { Stats = stats with { Clusters = found } };
                    changed = true;
                }
            }

            if (changed)
                tables[i] = child with { ForeignKeys = fks };
        }
    }

    /// <summary>The reference paths from <paramref name="child"/> other than <paramref name="fk"/>: each a list of
    /// (table holding the reference, reference), breadth first, no table twice, none ending at fk's parent.</summary>
    internal static List<List<(TableProfile From, ForeignKeyProfile Key)>> Paths(TableProfile child, ForeignKeyProfile fk,
        IReadOnlyDictionary<string, TableProfile> byName)
    {
        var result = new List<List<(TableProfile From, ForeignKeyProfile Key)>>();
        var frontier = new List<List<(TableProfile From, ForeignKeyProfile Key)>> { new() };
        for (var hop = 0; hop < MaxHops && result.Count < MaxPaths; hop++)
        {
            var next = new List<List<(TableProfile From, ForeignKeyProfile Key)>>();
            foreach (var path in frontier)
            {
                var from = path.Count == 0 ? child : byName[path[^1].Key.ReferencedTable];
                foreach (var key in from.ForeignKeys.OrderBy(k => k.Name, StringComparer.Ordinal))
                {
                    if (ReferenceEquals(key, fk) || key.Columns.Count != 1 || IsSelf(from, key) || !byName.ContainsKey(key.ReferencedTable)
                        || key.ReferencedTable == child.Name || path.Any(p => p.From.Name == key.ReferencedTable))
                        continue;
                    var longer = new List<(TableProfile From, ForeignKeyProfile Key)>(path) { (from, key) };
                    next.Add(longer);
                    if (key.ReferencedTable != fk.ReferencedTable && result.Count < MaxPaths)
                        result.Add(longer);
                }
            }

            frontier = next;
        }

        return result;
    }

    private static async Task<FanOutClusters?> MeasureAsync(SourceDatabase source, TableProfile child, ForeignKeyProfile fk,
        FanOutStatistics stats, List<(TableProfile From, ForeignKeyProfile Key)> path, CancellationToken cancellationToken)
    {
        var from = new StringBuilder(source.Quote(child.Name)).Append(" c");
        var alias = "c";
        for (var h = 0; h < path.Count - 1; h++)
        {
            var (_, key) = path[h];
            var next = "j" + (h + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            from.Append(" JOIN ").Append(source.Quote(key.ReferencedTable)).Append(' ').Append(next)
                .Append(" ON ").Append(next).Append('.').Append(source.Quote(key.ReferencedColumns[0]))
                .Append(" = ").Append(alias).Append('.').Append(source.Quote(key.Columns[0]));
            alias = next;
        }

        var ancestor = alias + "." + source.Quote(path[^1].Key.Columns[0]);
        var parent = string.Join(", ", fk.Columns.Select(c => "c." + source.Quote(c)));
        var where = string.Join(" AND ", fk.Columns.Select(c => "c." + source.Quote(c) + " IS NOT NULL")) + $" AND {ancestor} IS NOT NULL";
        var sizes = await source.QueryAsync<(long Children, long Parents)>(
            $"SELECT n, COUNT(*) FROM (SELECT COUNT(*) AS n FROM {from} WHERE {where} GROUP BY {parent}, {ancestor}) g "
            + "GROUP BY n ORDER BY n",
            cancellationToken).ConfigureAwait(false);
        // a path some child does not reach, or whose clusters are all of one child, says nothing the histogram does not
        if (sizes.Sum(s => s.Children * s.Parents) != stats.ChildRows || sizes.All(s => s.Children <= 1))
            return null;
        var perParent = await source.QueryAsync<(long Children, long Parents)>(
            $"SELECT m, COUNT(*) FROM (SELECT COUNT(DISTINCT {ancestor}) AS m FROM {from} WHERE {where} GROUP BY {parent}) g "
            + "GROUP BY m ORDER BY m", cancellationToken).ConfigureAwait(false);
        return new FanOutClusters
        {
            Ancestor = path[^1].Key.ReferencedTable,
            Via = [.. path.Select(p => p.Key.Name)],
            PerParent = FanOutHistogram.Build(stats.ParentRows, 0, perParent).Histogram,
            Sizes = [.. sizes.Select(s => new FanOutBin(s.Children, s.Parents))],
        };
    }

    private static bool IsSelf(TableProfile table, ForeignKeyProfile fk) =>
        string.Equals(fk.ReferencedTable, table.Name, StringComparison.OrdinalIgnoreCase);
}
