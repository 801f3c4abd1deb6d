using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// The order tables are generated and loaded in: parents before children, ties by name (so the order is the same on every
/// machine); a cycle is broken at a nullable foreign key where one exists, and the broken keys are filled afterwards.
/// </summary>
internal static class LoadOrder
{
    public static (List<string> Order, List<DeferredForeignKey> Deferred) Of(SortedDictionary<string, TableProfile> tables)
    {
        var edges = new List<Edge>();
        foreach (var (name, t) in tables)
        {
            foreach (var fk in t.ForeignKeys)
            {
                if (!SchemaFacts.IsSelf(t, fk) && tables.ContainsKey(fk.ReferencedTable))
                    edges.Add(new Edge(name, fk.ReferencedTable, fk.Name, SchemaFacts.IsNullable(t, fk)));
            }
        }

        var active = new bool[edges.Count];
        Array.Fill(active, true);
        var indegree = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in tables.Keys)
            indegree[name] = 0;
        foreach (var e in edges)
            indegree[e.Child]++;

        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ready = new SortedSet<string>(tables.Keys.Where(n => indegree[n] == 0), StringComparer.Ordinal);
        var order = new List<string>(tables.Count);
        var deferred = new List<DeferredForeignKey>();
        while (order.Count < tables.Count)
        {
            if (ready.Count == 0)
            {
                var broken = BreakCycle(edges, active, placed);
                active[broken] = false;
                var e = edges[broken];
                deferred.Add(new DeferredForeignKey(e.Child, e.Name, e.Parent, e.Nullable));
                if (--indegree[e.Child] == 0)
                    ready.Add(e.Child);
                continue;
            }

            var next = ready.Min!;
            ready.Remove(next);
            placed.Add(next);
            order.Add(next);
            for (var i = 0; i < edges.Count; i++)
            {
                if (active[i] && string.Equals(edges[i].Parent, next, StringComparison.Ordinal))
                {
                    active[i] = false;
                    if (--indegree[edges[i].Child] == 0)
                        ready.Add(edges[i].Child);
                }
            }
        }

        deferred.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Table, b.Table);
            return c != 0 ? c : string.CompareOrdinal(a.ForeignKey, b.ForeignKey);
        });
        return (order, deferred);
    }

    private static int BreakCycle(List<Edge> edges, bool[] active, HashSet<string> placed)
    {
        var candidates = new List<int>();
        for (var i = 0; i < edges.Count; i++)
        {
            if (active[i] && !placed.Contains(edges[i].Child))
                candidates.Add(i);
        }

        candidates.Sort((x, y) =>
        {
            var a = edges[x];
            var b = edges[y];
            if (a.Nullable != b.Nullable)
                return a.Nullable ? -1 : 1;
            var c = string.CompareOrdinal(a.Child, b.Child);
            if (c != 0)
                return c;
            c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Parent, b.Parent);
        });
        foreach (var i in candidates)
        {
            if (Reaches(edges, active, edges[i].Parent, edges[i].Child))
                return i;
        }

        return candidates[0];
    }

    // Whether 'from' depends, through active edges, on 'to'.
    private static bool Reaches(List<Edge> edges, bool[] active, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var stack = new Stack<string>();
        stack.Push(from);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (string.Equals(n, to, StringComparison.Ordinal))
                return true;
            for (var i = 0; i < edges.Count; i++)
            {
                if (active[i] && string.Equals(edges[i].Child, n, StringComparison.Ordinal) && seen.Add(edges[i].Parent))
                    stack.Push(edges[i].Parent);
            }
        }

        return false;
    }

    private sealed record Edge(string Child, string Parent, string Name, bool Nullable);
}
