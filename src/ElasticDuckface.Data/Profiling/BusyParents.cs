using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// The busy-parent correlations (<see cref="ChildFanOutCorrelation"/>): for every pair of foreign keys that reference
/// the same parent columns, Spearman's ρ of the parents' fan-outs, from the per-key counts of the fan-out
/// <c>GROUP BY</c> (<see cref="ProfileQueries.FanOutBinsAsync"/>), no scan of its own. Learning keeps the meaningful
/// pairs (<see cref="RankCorrelation.IsMeaningful"/>), at most <see cref="RankCorrelation.MaxPairsPerParent"/> per
/// parent, strongest first; verify measures the reference's pairs, whatever their strength.
/// </summary>
internal static class BusyParents
{
    /// <summary>
    /// The foreign keys whose per-parent counts are needed, as (child table, index in its foreign keys): each one that
    /// shares its parent columns with another (self-references aside, their parent is the child itself).
    /// </summary>
    public static HashSet<(string Table, int ForeignKey)> Keys(IReadOnlyList<TableProfile> schema)
    {
        var byParent = Candidates(schema).GroupBy(c => c.Parent).Where(g => g.Count() >= 2);
        return [.. byParent.SelectMany(g => g.Select(c => (c.Table.Name, c.Index)))];
    }

    /// <summary><paramref name="tables"/> with the parents' correlations filled in.</summary>
    /// <param name="tables">The profiled tables, in their order.</param>
    /// <param name="counts">The per-parent counts of every key <see cref="Keys"/> named.</param>
    /// <param name="reference">With verify's reference profile, its pairs are measured; null to learn them.</param>
    public static List<TableProfile> Measure(IReadOnlyList<TableProfile> tables,
        IReadOnlyDictionary<(string Table, int ForeignKey), ParentKeyCounts> counts, DatabaseProfile? reference)
    {
        var result = tables.ToList();
        var index = result.Select((t, i) => (t.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        foreach (var group in Candidates(tables).Where(c => counts.ContainsKey((c.Table.Name, c.Index))).GroupBy(c => c.Parent))
        {
            var keys = group.ToList();
            if (keys.Count < 2 || !index.TryGetValue(group.Key.Table, out var p))
                continue;
            var parent = result[p];
            // verify measures the reference's pairs only (none of a parent the reference has none for)
            var wanted = reference is null ? null
                : reference.Tables.FirstOrDefault(t => string.Equals(t.Name, parent.Name, StringComparison.OrdinalIgnoreCase))
                    ?.ChildFanOutCorrelations ?? [];
            var pairs = new List<ChildFanOutCorrelation>();
            for (var a = 0; a < keys.Count; a++)
            {
                for (var b = a + 1; b < keys.Count; b++)
                {
                    var (first, second) = (Reference(keys[a]), Reference(keys[b]));
                    if (wanted is not null && !wanted.Any(w => w.Names(first, second)))
                        continue;
                    var x = counts[(keys[a].Table.Name, keys[a].Index)];
                    var y = counts[(keys[b].Table.Name, keys[b].Index)];
                    var level = Math.Max(x.Level, y.Level);
                    var rho = RankCorrelation.Spearman(parent.RowCount >> level, x.At(level), y.At(level));
                    if (wanted is null && !RankCorrelation.IsMeaningful(rho, parent.RowCount >> level))
                        continue;
                    pairs.Add(new ChildFanOutCorrelation { First = first, Second = second, Spearman = Quantiles.Tidy(rho) });
                }
            }

            var kept = wanted is null
                ? pairs.OrderByDescending(c => Math.Abs(c.Spearman)).Take(RankCorrelation.MaxPairsPerParent).ToList()
                : pairs;
            if (kept.Count > 0)
                result[p] = parent with { ChildFanOutCorrelations = [.. parent.ChildFanOutCorrelations, .. kept] };
        }

        return result;
    }

    private static ChildForeignKeyReference Reference(Candidate c) =>
        new(c.Table.Name, c.Table.ForeignKeys[c.Index].Name, c.Table.ForeignKeys[c.Index].Columns);

    /// <summary>Every foreign key but self-references, with its parent (table and columns, so a key into another unique key
    /// of the parent is not compared with one into its primary key), in the order of the tables and their keys.</summary>
    private static IEnumerable<Candidate> Candidates(IReadOnlyList<TableProfile> tables) =>
        from t in tables
        from f in Enumerable.Range(0, t.ForeignKeys.Count)
        let fk = t.ForeignKeys[f]
        where !string.Equals(fk.ReferencedTable, t.Name, StringComparison.OrdinalIgnoreCase)
        select new Candidate(t, f, new ParentColumns(fk.ReferencedTable.ToUpperInvariant(),
            string.Join('\u001f', fk.ReferencedColumns).ToUpperInvariant()));

    private sealed record Candidate(TableProfile Table, int Index, ParentColumns Parent);

    private sealed record ParentColumns(string Table, string Columns);
}
