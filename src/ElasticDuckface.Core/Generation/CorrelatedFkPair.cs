using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// The pair of a table's foreign keys whose profiled fan-out correlation the generator reproduces, by permuting the
/// <see cref="Permuted"/> key's parents against the <see cref="Fixed"/> key's (<see cref="FanOutCorrelator"/>).
/// </summary>
/// <param name="Fixed">The FK whose parents stay as allocated.</param>
/// <param name="Permuted">The FK whose parents are re-paired.</param>
/// <param name="Target">The profiled Pearson correlation of the two fan-outs.</param>
internal readonly record struct CorrelatedFkPair(int Fixed, int Permuted, double Target)
{
    /// <summary>
    /// The strongest profiled pair of FKs (largest |r|, then profile order) with a correlation that can be reproduced by
    /// permuting one FK's parents: neither is a self-reference (its tree order is fixed) nor one-to-one (constant fan-out).
    /// The permuted FK is the pair-key's second when the two form a key, else the profile's second, never the primary FK
    /// (its children stay contiguous), and never one whose fixed partner is computed from it (a pair repair would make the
    /// lazy computations a cycle).
    /// </summary>
    public static CorrelatedFkPair? Choose(TableProfile table, KeyLayout layout)
    {
        // the strongest correlation matters most to a query plan; OrderByDescending is stable, so ties keep profile order
        var byStrength = table.JointForeignKeys
            .OrderByDescending(j => double.IsFinite(j.FanOutCorrelation) ? Math.Abs(j.FanOutCorrelation) : 0);
        foreach (var joint in byStrength)
        {
            if (!double.IsFinite(joint.FanOutCorrelation) || joint.FanOutCorrelation == 0)
                continue;
            var x = FindFk(layout, joint.First);
            var y = FindFk(layout, joint.Second);
            if (x < 0 || y < 0 || x == y)
                continue;
            if (SchemaFacts.IsSelf(table, layout.ForeignKeys[x]) || SchemaFacts.IsSelf(table, layout.ForeignKeys[y])
                || layout.OneToOne[x] || layout.OneToOne[y])
                continue;
            int fixedFk, permuted;
            if (layout.Pairs.Contains((x, y)))
                (fixedFk, permuted) = (x, y);
            else if (layout.Pairs.Contains((y, x)))
                (fixedFk, permuted) = (y, x);
            else if (y == layout.PrimaryFk)
                (fixedFk, permuted) = (y, x);
            else
                (fixedFk, permuted) = (x, y);
            if (permuted == layout.PrimaryFk || DependsOn(layout, fixedFk, permuted))
                continue;
            return new CorrelatedFkPair(fixedFk, permuted, joint.FanOutCorrelation);
        }

        return null;
    }

    /// <summary>Whether computing FK <paramref name="from"/> needs FK <paramref name="target"/>
    /// (pair repairs read the pair's first FK).</summary>
    private static bool DependsOn(KeyLayout layout, int from, int target)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>([from]);
        while (stack.Count > 0)
        {
            var f = stack.Pop();
            if (f == target)
                return true;
            if (!seen.Add(f))
                continue;
            foreach (var (first, second) in layout.Pairs)
            {
                if (second == f)
                    stack.Push(first);
            }
        }

        return false;
    }

    private static int FindFk(KeyLayout layout, ForeignKeyReference reference)
    {
        for (var f = 0; f < layout.ForeignKeys.Count; f++)
        {
            var fk = layout.ForeignKeys[f];
            if (string.Equals(fk.Name, reference.Name, StringComparison.Ordinal)
                && fk.Columns.SequenceEqual(reference.Columns, StringComparer.Ordinal))
                return f;
        }

        return -1;
    }
}
