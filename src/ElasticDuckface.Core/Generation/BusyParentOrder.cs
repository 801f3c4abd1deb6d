using System.Collections.Concurrent;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using MathNet.Numerics.Distributions;

namespace ElasticDuckface.Generation;

/// <summary>
/// Which parent gets which fan-out, for the foreign keys of a profiled busy-parent correlation
/// (<see cref="TableProfile.ChildFanOutCorrelations"/>): instead of a shuffle, each key places its allocated fan-outs over
/// the parents in the order of a per-parent score, the largest fan-out to the highest score. The scores of a parent's
/// keys are jointly normal: a tree of the keys (the strongest recorded pairs, a maximum spanning tree) where a key's
/// score is r·(its tree parent's score) + √(1 − r²)·ε_p, ε_p a seeded normal of (seed, child table, key, parent row), so
/// every tree edge's two scores correlate by exactly its r (a Gaussian tree copula). Keys of no recorded pair are
/// shuffled as before, so a profile without correlations generates as it did.
/// </summary>
/// <remarks>
/// <para>The r of each pair is calibrated once per parent table from the plan alone (never the rows, so every thread and
/// shard agrees): the latent correlation whose copula gives the profiled Spearman ρ between the two keys' target fan-out
/// laws (<see cref="FanOutReference"/>, the growth model included), by bisection on a fixed grid of
/// <see cref="GridSize"/> parents; ties at zero weaken a rank correlation, so r = 2 sin(πρ/6), exact for continuous
/// margins, undershoots. A tree rather than one factor (rᵢⱼ = aᵢ·aⱼ): two clusters of keys (a parent's fixed IPs with its
/// interfaces, its actions with its migrations, the clusters weakly opposed, as in the Nova example) fit no single
/// factor, but every recorded pair that is a tree edge is met exactly, and a pair left out of the tree (a cycle) gets the
/// product of the r along its path, which is what one factor behind them all would give. Being a rank order of the
/// allocated fan-outs, it leaves each key's fan-out law (and its per-state sides) as allocated.</para>
/// </remarks>
internal sealed class BusyParentOrder
{
    /// <summary>Parents in the calibration grid: ρ's simulation error there is about 1/√8192 ≈ 0.011.</summary>
    public const int GridSize = 8192;

    private const double MaxCorrelation = 0.999;

    private readonly Dictionary<string, TableProfile> _tables;
    private readonly Func<string, long> _rows;
    private readonly long _seed;
    private readonly FanOutGrowth _growth;
    private readonly ConcurrentDictionary<string, Lazy<Dictionary<(string Table, string Fk), Link>>> _links =
        new(StringComparer.OrdinalIgnoreCase);

    /// <param name="profile">The profile generated from.</param>
    /// <param name="rows">The planned rows of a table, by name.</param>
    /// <param name="seed">The plan's seed.</param>
    /// <param name="growth">The plan's growth model (the calibration's fan-out laws are the allocator's).</param>
    public BusyParentOrder(DatabaseProfile profile, Func<string, long> rows, long seed, FanOutGrowth growth)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _tables = new Dictionary<string, TableProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in profile.Tables)
            _tables[t.Name] = t;
        _rows = rows;
        _seed = seed;
        _growth = growth;
    }

    /// <summary>A key's place in its parent's tree: its child table and name (as the profile spells them), its tree
    /// parent (null for a root) and the latent correlation with it.</summary>
    internal sealed record Link(string Table, string Fk, (string Table, string Fk)? Parent, double R);

    /// <summary>The scores of the <paramref name="parentRows"/> parents for key <paramref name="fk"/>, or null when it is
    /// shuffled; a parent with a higher score takes a larger fan-out.</summary>
    public double[]? Scores(string childTable, ForeignKeyProfile fk, long parentRows)
    {
        ArgumentNullException.ThrowIfNull(childTable);
        ArgumentNullException.ThrowIfNull(fk);
        if (parentRows > Array.MaxLength || !_tables.TryGetValue(fk.ReferencedTable, out var parent)
            || parent.ChildFanOutCorrelations.Count == 0)
            return null;
        var links = _links.GetOrAdd(parent.Name, _ => new(() => Calibrate(parent))).Value;
        return links.ContainsKey(Key(childTable, fk.Name)) ? ScoresOf(Key(childTable, fk.Name), links, (int)parentRows) : null;
    }

    private static (string, string) Key(string table, string fk) => (table.ToUpperInvariant(), fk);

    private double[] ScoresOf((string, string) key, Dictionary<(string, string), Link> links, int parentRows)
    {
        var link = links[key];
        var own = StableHash.Derive(_seed, link.Table, "busy:" + link.Fk);
        var scores = link.Parent is { } up ? ScoresOf(up, links, parentRows) : new double[parentRows];
        var (r, b) = link.Parent is null ? (0.0, 1.0) : (link.R, Math.Sqrt(1 - (link.R * link.R)));
        for (var p = 0; p < scores.Length; p++)
            scores[p] = (r * scores[p]) + (b * Normal01(own, p));
        return scores;
    }

    /// <summary><paramref name="values"/> placed over the parents in the order of <paramref name="scores"/>: the largest
    /// value to the highest score (a tie of two doubles, all but impossible, as the sort leaves it: the same every run).</summary>
    public static void Order(int[] values, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(scores);
        if (values.Length != scores.Length)
            throw new ArgumentException("One score per parent.", nameof(scores));
        var sorted = (int[])values.Clone();
        Array.Sort(sorted);
        var parents = new int[values.Length];
        for (var p = 0; p < parents.Length; p++)
            parents[p] = p;
        Array.Sort((double[])scores.Clone(), parents);
        for (var k = 0; k < parents.Length; k++)
            values[parents[k]] = sorted[k];
    }

    private Dictionary<(string Table, string Fk), Link> Calibrate(TableProfile parent)
    {
        var laws = new Dictionary<(string, string), GridLaw>();
        var pairs = new List<((string, string) First, (string, string) Second, double R)>();
        foreach (var pair in parent.ChildFanOutCorrelations)
        {
            if (Law(pair.First, laws) is not { } first || Law(pair.Second, laws) is not { } second || first == second)
                continue;
            pairs.Add((first, second, Latent(laws[first], laws[second], pair.Spearman)));
        }

        return Tree(pairs, key => (laws[key].Table, laws[key].Fk));
    }

    /// <summary>
    /// The maximum spanning forest of the pairs by |r| (Kruskal, ties in the profile's order), each tree rooted at its
    /// first key in ordinal order: every key's tree parent and the r of that edge.
    /// </summary>
    internal static Dictionary<(string Table, string Fk), Link> Tree(
        IReadOnlyList<((string, string) First, (string, string) Second, double R)> pairs,
        Func<(string, string), (string Table, string Fk)> names)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(names);
        var group = new Dictionary<(string, string), (string, string)>();
        (string, string) Find((string, string) k)
        {
            while (group[k] != k)
                k = group[k];
            return k;
        }

        var edges = new List<((string, string) A, (string, string) B, double R)>();
        foreach (var (a, b, r) in pairs.OrderByDescending(p => Math.Abs(p.R)))
        {
            group.TryAdd(a, a);
            group.TryAdd(b, b);
            var (ga, gb) = (Find(a), Find(b));
            if (ga == gb)
                continue; // a cycle: this pair gets the product of the r along the tree path
            group[ga] = gb;
            edges.Add((a, b, r));
        }

        var result = new Dictionary<(string, string), Link>();
        var ordered = group.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal);
        foreach (var root in ordered.ToList())
        {
            if (result.ContainsKey(root))
                continue;
            var (table, fk) = names(root);
            result[root] = new Link(table, fk, null, 0);
            var queue = new Queue<(string, string)>([root]);
            while (queue.TryDequeue(out var node))
            {
                foreach (var (a, b, r) in edges.Where(e => e.A == node || e.B == node))
                {
                    var next = a == node ? b : a;
                    if (result.ContainsKey(next))
                        continue;
                    var (nextTable, nextFk) = names(next);
                    result[next] = new Link(nextTable, nextFk, node, r);
                    queue.Enqueue(next);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A key's target fan-out law on the calibration grid: its quantiles at the grid's parents, or, for a fan-out that
    /// follows the parent's row state, each side's quantiles at that side's grid parents (<see cref="Set"/> marks them,
    /// the same for every key of the parent), since the sides' own levels already order the parents.
    /// </summary>
    private sealed record GridLaw(string Table, string Fk, long[] Whole, bool[]? Set = null, long[]? SetGrid = null,
        long[]? UnsetGrid = null);

    /// <summary>The key a reference names (by table and columns) and its target fan-out law on the grid, or null.</summary>
    private (string, string)? Law(ChildForeignKeyReference reference, Dictionary<(string, string), GridLaw> laws)
    {
        if (!_tables.TryGetValue(reference.Table, out var child))
            return null;
        var fk = child.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(reference.Columns, StringComparer.OrdinalIgnoreCase));
        if (fk?.Stats?.Histogram is not { } histogram || SchemaFacts.IsSelf(child, fk))
            return null;
        var key = Key(child.Name, fk.Name);
        if (laws.ContainsKey(key))
            return key;
        var parents = _rows(fk.ReferencedTable);
        var children = SchemaFacts.NonNullChildren(child, fk, _rows(child.Name));
        if (parents <= 0 || children <= 0 || !histogram.Any(b => b.Parents > 0 && b.Children > 0))
            return null;
        var whole = Grid(FanOutReference.For(histogram, parents, children, _growth, minimum: fk.MinChildren), GridSize);
        laws[key] = fk.Stats.ByParentState is { } states && _tables.GetValueOrDefault(fk.ReferencedTable)?.RowState is not null
            ? Sides(new GridLaw(child.Name, fk.Name, whole), states, histogram, parents, children, fk.MinChildren)
            : new GridLaw(child.Name, fk.Name, whole);
        return key;
    }

    /// <summary>The law per side of the parent's state, as <see cref="StateFanOutAllocator"/> allocates it.</summary>
    private GridLaw Sides(GridLaw law, ParentStateFanOuts states, IReadOnlyList<FanOutBin> overall, long parents, long children,
        int minimum)
    {
        var profiled = states.Set.ParentRows + states.Unset.ParentRows;
        var fraction = profiled == 0 ? 0 : (double)states.Set.ParentRows / profiled;
        var setParents = (long)Math.Round(parents * fraction, MidpointRounding.AwayFromZero);
        if (setParents == 0 || setParents == parents)
            return law;
        var (setChildren, unsetChildren) = StateFanOutAllocator.Split(states, overall, children, setParents, parents - setParents,
            int.MaxValue, minimum: minimum);
        var stream = StableHash.Derive(_seed, "busy-calibration", "state");
        var set = new bool[GridSize];
        for (var k = 0; k < GridSize; k++)
            set[k] = StableHash.Uniform(stream, k) < fraction;
        var setCount = set.Count(x => x);
        long[] Side(StateFanOut side, long sideParents, long sideChildren, int count)
        {
            var histogram = StateFanOutAllocator.SideOf(side, overall).Histogram;
            return sideChildren <= 0 || !histogram.Any(b => b.Parents > 0 && b.Children > 0)
                ? new long[count]
                : Grid(FanOutReference.For(histogram, sideParents, sideChildren, _growth, minimum: minimum), count);
        }

        return law with
        {
            Set = set,
            SetGrid = Side(states.Set, setParents, setChildren, setCount),
            UnsetGrid = Side(states.Unset, parents - setParents, unsetChildren, GridSize - setCount),
        };
    }

    /// <summary>The law's quantiles at <paramref name="size"/> grid parents, (k + ½) / size.</summary>
    private static long[] Grid(FanOutBin[] law, int size)
    {
        var total = (double)law.Sum(b => b.Parents);
        var grid = new long[size];
        var bin = 0;
        double below = 0;
        for (var k = 0; k < size; k++)
        {
            var q = (k + 0.5) / size * total;
            while (bin < law.Length - 1 && below + law[bin].Parents <= q)
                below += law[bin++].Parents;
            grid[k] = law[bin].Children;
        }

        return grid;
    }

    /// <summary>The latent correlation r whose copula gives Spearman ρ = <paramref name="target"/> between the two grid
    /// laws, by bisection (ρ rises with r); the nearest end when the laws cannot reach it.</summary>
    private double Latent(GridLaw x, GridLaw y, double target)
    {
        var z = Normals(StableHash.Derive(_seed, "busy-calibration", "z"));
        var ex = Normals(StableHash.Derive(_seed, "busy-calibration", "x"));
        var ey = Normals(StableHash.Derive(_seed, "busy-calibration", "y"));
        double Rho(double r)
        {
            var a = Math.Sqrt(Math.Abs(r));
            var sign = Math.Sign(r);
            var b = Math.Sqrt(1 - Math.Abs(r));
            var sx = new double[GridSize];
            var sy = new double[GridSize];
            for (var k = 0; k < GridSize; k++)
            {
                sx[k] = (a * z[k]) + (b * ex[k]);
                sy[k] = (sign * a * z[k]) + (b * ey[k]);
            }

            return RankCorrelation.Spearman(Placed(x, sx), Placed(y, sy));
        }

        double lo = -MaxCorrelation, hi = MaxCorrelation;
        if (target >= Rho(hi))
            return hi;
        if (target <= Rho(lo))
            return lo;
        for (var step = 0; step < 30 && hi - lo > 1e-4; step++)
        {
            var mid = (lo + hi) / 2;
            if (Rho(mid) < target)
                lo = mid;
            else
                hi = mid;
        }

        return (lo + hi) / 2;
    }

    /// <summary>The grid law's values placed by the scores, within each side when it has sides (as the allocator does).</summary>
    private static long[] Placed(GridLaw law, double[] scores)
    {
        if (law.Set is not { } set)
            return Placed(law.Whole, scores);
        var result = new long[GridSize];
        foreach (var (side, grid) in new[] { (true, law.SetGrid!), (false, law.UnsetGrid!) })
        {
            var members = Enumerable.Range(0, GridSize).Where(k => set[k] == side).ToArray();
            var placed = Placed(grid, [.. members.Select(k => scores[k])]);
            for (var i = 0; i < members.Length; i++)
                result[members[i]] = placed[i];
        }

        return result;
    }

    private static long[] Placed(long[] law, double[] scores)
    {
        var values = law.Select(v => (int)Math.Min(v, int.MaxValue)).ToArray();
        Order(values, scores);
        return [.. values.Select(v => (long)v)];
    }

    private static double[] Normals(ulong stream)
    {
        var result = new double[GridSize];
        for (var k = 0; k < GridSize; k++)
            result[k] = Normal01(stream, k);
        return result;
    }

    private static double Normal01(ulong stream, long row) =>
        Normal.InvCDF(0, 1, ((StableHash.At(stream, row) >> 11) + 0.5) * (1.0 / (1UL << 53)));
}
