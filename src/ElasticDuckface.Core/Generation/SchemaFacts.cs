using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>Facts about keys and foreign keys shared by the planner and the row generator.</summary>
internal static class SchemaFacts
{
    /// <summary>The primary key (first) and the unique keys.</summary>
    public static List<KeyProfile> Keys(TableProfile table)
    {
        var keys = new List<KeyProfile>(table.UniqueKeys.Count + 1);
        if (table.PrimaryKey is { Columns.Count: > 0 } pk)
            keys.Add(pk);
        foreach (var k in table.UniqueKeys)
        {
            if (k.Columns.Count > 0)
                keys.Add(k);
        }

        return keys;
    }

    /// <summary>
    /// The shortest prefix (MySQL <c>UNIQUE KEY (name(10))</c>) on which a primary key, unique key or unique index compares
    /// <paramref name="column"/>, or null when every such key compares the whole column: its generated values must be
    /// distinct within that many characters.
    /// </summary>
    public static int? KeyPrefix(TableProfile table, string column)
    {
        int? shortest = null;
        void Take(IReadOnlyList<string> columns, IReadOnlyList<int?>? prefixes)
        {
            if (prefixes is null)
                return;
            for (var i = 0; i < columns.Count && i < prefixes.Count; i++)
            {
                if (prefixes[i] is { } length && string.Equals(columns[i], column, StringComparison.OrdinalIgnoreCase))
                    shortest = Math.Min(shortest ?? int.MaxValue, length);
            }
        }

        foreach (var key in Keys(table))
            Take(key.Columns, key.PrefixLengths);
        foreach (var index in table.Indexes.Where(i => i.Unique))
            Take(index.Columns, index.PrefixLengths);
        return shortest;
    }

    /// <summary>
    /// Of a composite key's columns that no foreign key or single-column key fills, the one that carries the key's
    /// uniqueness when generated: the one with the most distinct values in the profile (Nova's <c>(address, deleted)</c>:
    /// <c>address</c>, so <c>deleted</c> stays free to be 0 or the row's id), the last on a tie.
    /// </summary>
    public static int KeyCarrier(TableProfile table, IReadOnlyList<int> free)
    {
        var best = free[^1];
        for (var i = free.Count - 2; i >= 0; i--)
        {
            if ((table.Columns[free[i]].Stats?.DistinctCount ?? 0) > (table.Columns[best].Stats?.DistinctCount ?? 0))
                best = free[i];
        }

        return best;
    }

    /// <summary>Whether every referencing column is nullable, so a child row may hold NULL instead of a parent.</summary>
    public static bool IsNullable(TableProfile table, ForeignKeyProfile fk)
    {
        foreach (var c in fk.Columns)
        {
            if (table.FindColumn(c) is not { Nullable: true })
                return false;
        }

        return fk.Columns.Count > 0;
    }

    /// <summary>Whether the FK columns are exactly the primary key or a unique key: each parent has at most one child.</summary>
    public static bool IsOneToOne(TableProfile table, ForeignKeyProfile fk)
    {
        foreach (var key in Keys(table))
        {
            if (SameSet(key.Columns, fk.Columns))
                return true;
        }

        return false;
    }

    /// <summary>
    /// The other foreign key of a key made of two foreign keys' columns and nothing else (ratings(user, movie)), or null:
    /// each parent of <paramref name="fk"/> then has at most one child per parent of the other, and its children survive
    /// a down-scaling only where the other side's parents do (the pair density of <see cref="FanOutReference"/>).
    /// </summary>
    public static ForeignKeyProfile? PairPartner(TableProfile table, ForeignKeyProfile fk)
    {
        if (IsSelf(table, fk))
            return null;
        foreach (var key in Keys(table))
        {
            foreach (var other in table.ForeignKeys)
            {
                if (ReferenceEquals(other, fk) || IsSelf(table, other) || fk.Columns.Any(other.Columns.Contains))
                    continue;
                if (SameSet(key.Columns, [.. fk.Columns, .. other.Columns]))
                    return other;
            }
        }

        return null;
    }

    /// <summary>Whether the FK references its own table.</summary>
    public static bool IsSelf(TableProfile table, ForeignKeyProfile fk) =>
        string.Equals(table.Name, fk.ReferencedTable, StringComparison.Ordinal);

    /// <summary>The fraction of child rows whose reference is NULL (0 when the columns are not nullable).</summary>
    public static double NullFraction(TableProfile table, ForeignKeyProfile fk)
    {
        if (!IsNullable(table, fk))
            return 0;
        var nf = fk.Stats?.NullFraction;
        if (nf is null && fk.Columns.Count > 0)
            nf = table.FindColumn(fk.Columns[0])?.Stats?.NullFraction;
        var v = nf ?? 0;
        return double.IsFinite(v) ? Math.Clamp(v, 0, 1) : 0;
    }

    /// <summary>The number of child rows that reference a parent: round(rows × (1 − null fraction)), exactly.</summary>
    public static long NonNullChildren(TableProfile table, ForeignKeyProfile fk, long rows) =>
        Math.Clamp((long)Math.Round(rows * (1 - NullFraction(table, fk)), MidpointRounding.AwayFromZero), 0, rows);

    public static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
            return false;
        foreach (var x in a)
        {
            var found = false;
            foreach (var y in b)
            {
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
                return false;
        }

        return true;
    }

    /// <summary>" (did you mean 'X'?)" for the known name nearest to <paramref name="name"/>, or "" when none is near.</summary>
    public static string Suggest(string name, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            var d = SchemaFacts.EditDistance(name, k);
            if (d < bestDistance)
                (best, bestDistance) = (k, d);
        }

        return best is not null && bestDistance <= Math.Max(3, name.Length / 2) ? $" (did you mean '{best}'?)" : "";
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    public static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
