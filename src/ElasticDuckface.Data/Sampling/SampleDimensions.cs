using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Sampling;

/// <summary>
/// The design of a foreign-key sample read from the schema alone: which tables lie outside the drawn dimension and
/// which parent each sampled table follows (<see cref="ForeignKeySampler"/> runs it on the database).
/// </summary>
internal static class SampleDimensions
{
    /// <summary>
    /// The tables outside the dimensions of <paramref name="roots"/> (none when null): every table that is neither a
    /// lookup, nor a named root, nor below one (a foreign key, self-references aside, to a table in the dimension).
    /// </summary>
    internal static HashSet<string> Outside(IReadOnlyList<TableProfile> schema, IReadOnlySet<string> lookups, IReadOnlySet<string>? roots)
    {
        if (roots is null)
            return new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in roots.Order(StringComparer.Ordinal))
        {
            if (!schema.Any(t => string.Equals(t.Name, r, StringComparison.Ordinal)))
                throw new DuckfaceException($"Root table '{r}' is not in the database; its tables are "
                    + $"{string.Join(", ", schema.Select(t => t.Name).Order(StringComparer.Ordinal))}.");
            if (lookups.Contains(r))
                throw new DuckfaceException($"Root table '{r}' is a lookup table (kept whole); "
                    + "name a larger table or lower the lookup threshold.");
        }

        var inside = roots.ToHashSet(StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var t in schema.Where(t => !lookups.Contains(t.Name) && !inside.Contains(t.Name)))
            {
                if (t.ForeignKeys.Any(f => !string.Equals(f.ReferencedTable, t.Name, StringComparison.Ordinal)
                        && inside.Contains(f.ReferencedTable)))
                    grew |= inside.Add(t.Name);
            }
        }

        return schema.Select(t => t.Name).Where(n => !lookups.Contains(n) && !inside.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The parent each non-lookup table follows: among its foreign keys to sampled (non-lookup) tables other than
    /// itself, the one with the largest mean fan-out (child rows / parent rows), ties by parent name. A table with none
    /// is a root. A cycle of follow edges is broken at its first table by name, which becomes a root.
    /// </summary>
    internal static Dictionary<string, string> ChooseParents(IReadOnlyList<TableProfile> schema, IReadOnlyDictionary<string, long> counts,
        IReadOnlySet<string> lookups, SampleOptions options)
    {
        var follows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in schema.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (lookups.Contains(t.Name))
                continue;
            var candidates = t.ForeignKeys
                .Where(f => !string.Equals(f.ReferencedTable, t.Name, StringComparison.Ordinal) && counts.ContainsKey(f.ReferencedTable)
                    && !lookups.Contains(f.ReferencedTable))
                .Select(f => f.ReferencedTable)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(p => (double)counts[t.Name] / Math.Max(1, counts[p]))
                .ThenBy(p => p, StringComparer.Ordinal)
                .ToList();
            if (options.Follow.TryGetValue(t.Name, out var chosen))
            {
                if (!candidates.Contains(chosen, StringComparer.Ordinal))
                    throw new DuckfaceException($"Table '{t.Name}' cannot follow '{chosen}': "
                        + $"its sampled parents are {(candidates.Count == 0 ? "none" : string.Join(", ", candidates))}.");
                follows[t.Name] = chosen;
            }
            else if (candidates.Count > 0)
            {
                follows[t.Name] = candidates[0];
            }
        }

        foreach (var start in follows.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var seen = new List<string>();
            for (var x = start; follows.TryGetValue(x, out var p); x = p)
            {
                if (seen.Contains(x, StringComparer.Ordinal))
                {
                    follows.Remove(seen.SkipWhile(s => !string.Equals(s, x, StringComparison.Ordinal)).Min(StringComparer.Ordinal)!);
                    break;
                }

                seen.Add(x);
            }
        }

        return follows;
    }

    /// <summary>The following tables, each after the parent it follows (a parent's keep set is filled first).</summary>
    internal static List<string> FollowOrder(Dictionary<string, string> follows)
    {
        var order = new List<string>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        void Place(string t)
        {
            if (placed.Contains(t))
                return;
            if (follows.TryGetValue(t, out var p))
                Place(p);
            placed.Add(t);
            if (follows.ContainsKey(t))
                order.Add(t);
        }

        foreach (var t in follows.Keys.Order(StringComparer.Ordinal))
            Place(t);
        return order;
    }
}
