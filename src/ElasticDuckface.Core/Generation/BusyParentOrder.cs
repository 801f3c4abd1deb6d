using System.Collections.Concurrent;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using MathNet.Numerics.Distributions;

namespace ElasticDuckface.Generation;

/// <summary>
/// Which parent gets which fan-out, for the foreign keys of a profiled busy-parent correlation
/// (<see cref="TableProfile.ChildFanOutCorrelations"/>): instead of a shuffle, parent p of key i takes the fan-outs in the
/// order of the score aᵢ·z_p + √(1 − aᵢ²)·ε_ip, z_p a seeded normal of the parent row shared by every key of that parent,
/// ε_ip one of the key. Two keys' scores then correlate by aᵢ·aⱼ (a one-factor Gaussian copula), and so do their
/// fan-outs' ranks. Keys of no recorded pair are shuffled as before, so a profile without correlations generates as it did.
/// </summary>
/// <remarks>
/// <para>The loadings are calibrated once per parent table from the plan alone (never the rows, so every thread and shard
/// agrees): for each recorded pair, the latent correlation rᵢⱼ whose copula gives the profiled Spearman ρ between the two
/// keys' target fan-out laws (<see cref="FanOutReference"/>, the growth model included), by bisection on a fixed grid of
/// <see cref="GridSize"/> parents (ties at zero weaken a rank correlation, so r = 2 sin(πρ/6), exact for continuous
/// margins, undershoots); then aᵢ by least squares on aᵢ·aⱼ = rᵢⱼ. Being a rank order of the allocated fan-outs, it
/// leaves each key's fan-out law (and its per-state sides) as allocated.</para>
/// </remarks>
internal sealed class BusyParentOrder
{
    /// <summary>Parents in the calibration grid: ρ's simulation error there is about 1/√8192 ≈ 0.011.</summary>
    public const int GridSize = 8192;

    private const double MaxLoading = 0.999;

    private readonly Dictionary<string, TableProfile> _tables;
    private readonly Func<string, long> _rows;
    private readonly long _seed;
    private readonly FanOutGrowth _growth;
    private readonly ConcurrentDictionary<string, Lazy<Dictionary<(string Table, string Fk), double>>> _loadings =
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

    /// <summary>The loading aᵢ of key <paramref name="fk"/> of <paramref name="childTable"/>, or null when it is in no
    /// recorded pair (then it is shuffled).</summary>
    public double? Loading(string childTable, ForeignKeyProfile fk)
    {
        ArgumentNullException.ThrowIfNull(fk);
        if (!_tables.TryGetValue(fk.ReferencedTable, out var parent) || parent.ChildFanOutCorrelations.Count == 0)
            return null;
        var loadings = _loadings.GetOrAdd(parent.Name, _ => new Lazy<Dictionary<(string, string), double>>(() => Calibrate(parent)))
            .Value;
        return loadings.TryGetValue((childTable.ToUpperInvariant(), fk.Name), out var a) ? a : null;
    }

    /// <summary>The scores of the <paramref name="parentRows"/> parents for key <paramref name="fk"/>, or null when it is
    /// shuffled; a parent with a higher score takes a larger fan-out.</summary>
    public double[]? Scores(string childTable, ForeignKeyProfile fk, long parentRows)
    {
        if (Loading(childTable, fk) is not { } a || parentRows > Array.MaxLength)
            return null;
        var shared = StableHash.Derive(_seed, fk.ReferencedTable, "busy-parent");
        var own = StableHash.Derive(_seed, childTable, "busy:" + fk.Name);
        var b = Math.Sqrt(1 - (a * a));
        var scores = new double[parentRows];
        for (var p = 0; p < scores.Length; p++)
            scores[p] = (a * Normal01(shared, p)) + (b * Normal01(own, p));
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

    private Dictionary<(string Table, string Fk), double> Calibrate(TableProfile parent)
    {
        var laws = new Dictionary<(string, string), long[]>();
        var pairs = new List<((string, string) First, (string, string) Second, double R)>();
        foreach (var pair in parent.ChildFanOutCorrelations)
        {
            if (Law(pair.First, laws) is not { } first || Law(pair.Second, laws) is not { } second || first == second)
                continue;
            pairs.Add((first, second, Latent(laws[first], laws[second], pair.Spearman)));
        }

        return FitLoadings(pairs);
    }

    /// <summary>The key a reference names (by table and columns) and its target fan-out law on the grid, or null.</summary>
    private (string, string)? Law(ChildForeignKeyReference reference, Dictionary<(string, string), long[]> laws)
    {
        if (!_tables.TryGetValue(reference.Table, out var child))
            return null;
        var fk = child.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(reference.Columns, StringComparer.OrdinalIgnoreCase));
        if (fk?.Stats?.Histogram is not { } histogram || SchemaFacts.IsSelf(child, fk))
            return null;
        var key = (child.Name.ToUpperInvariant(), fk.Name);
        if (laws.ContainsKey(key))
            return key;
        var parents = _rows(fk.ReferencedTable);
        var children = SchemaFacts.NonNullChildren(child, fk, _rows(child.Name));
        if (parents <= 0 || children <= 0 || !histogram.Any(b => b.Parents > 0 && b.Children > 0))
            return null;
        laws[key] = Grid(FanOutReference.For(histogram, parents, children, _growth));
        return key;
    }

    /// <summary>The law's quantiles at the grid's parents, (k + ½) / <see cref="GridSize"/>.</summary>
    private static long[] Grid(FanOutBin[] law)
    {
        var total = (double)law.Sum(b => b.Parents);
        var grid = new long[GridSize];
        var bin = 0;
        double below = 0;
        for (var k = 0; k < GridSize; k++)
        {
            var q = (k + 0.5) / GridSize * total;
            while (bin < law.Length - 1 && below + law[bin].Parents <= q)
                below += law[bin++].Parents;
            grid[k] = law[bin].Children;
        }

        return grid;
    }

    /// <summary>The latent correlation r whose copula gives Spearman ρ = <paramref name="target"/> between the two grid
    /// laws, by bisection (ρ rises with r); the nearest end when the laws cannot reach it.</summary>
    private double Latent(long[] x, long[] y, double target)
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

        double lo = -MaxLoading, hi = MaxLoading;
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

    private static long[] Placed(long[] law, double[] scores)
    {
        var values = law.Select(v => (int)Math.Min(v, int.MaxValue)).ToArray();
        Order(values, scores);
        return [.. values.Select(v => (long)v)];
    }

    /// <summary>
    /// Loadings with aᵢ·aⱼ ≈ rᵢⱼ over the pairs, by least squares (each loading in turn set to its best given the others,
    /// from √|r| of its strongest pair), within ±<see cref="MaxLoading"/>; one pair gives aᵢ = √|r|, aⱼ = sign(r)·√|r|.
    /// </summary>
    internal static Dictionary<(string Table, string Fk), double> FitLoadings(
        IReadOnlyList<((string, string) First, (string, string) Second, double R)> pairs)
    {
        var a = new Dictionary<(string, string), double>();
        foreach (var (first, second, r) in pairs.OrderByDescending(p => Math.Abs(p.R)))
        {
            var root = Math.Sqrt(Math.Abs(r));
            if (!a.ContainsKey(first))
                a[first] = a.TryGetValue(second, out var s) && s != 0 ? Math.Clamp(r / s, -MaxLoading, MaxLoading) : root;
            if (!a.ContainsKey(second))
                a[second] = a[first] == 0 ? 0 : Math.Clamp(r / a[first], -MaxLoading, MaxLoading);
        }

        var keys = a.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal).ToList();
        for (var sweep = 0; sweep < 200; sweep++)
        {
            foreach (var key in keys)
            {
                double num = 0, den = 0;
                foreach (var (first, second, r) in pairs)
                {
                    var other = first == key ? second : second == key ? first : default;
                    if (other == default)
                        continue;
                    num += r * a[other];
                    den += a[other] * a[other];
                }

                if (den > 0)
                    a[key] = Math.Clamp(num / den, -MaxLoading, MaxLoading);
            }
        }

        return a;
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
