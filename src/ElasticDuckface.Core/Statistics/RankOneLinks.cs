namespace ElasticDuckface.Statistics;

/// <summary>
/// A rank-1 pair density of a key of two foreign keys: a parent of bin i on this side (a movie) and one of bin u on the
/// other (a user) are linked with probability 1 − exp(−a_u·b_i), a and b fitted (alternating, one monotone Newton solve
/// per bin) so that every bin's profiled fan-out comes back on both sides: against the other side's histogram when the
/// profile has it, else with the other side's parents alike (one a, b_i = −ln(1 − f_i)).
/// </summary>
/// <remarks>
/// Denser links (<see cref="At"/>): when this side has fewer parents its shares scale, min(1, D·f); else b is kept and a
/// refitted so that each user links D times as many movies, at most all of them: heavy users saturate and lift every
/// movie, the popular movies saturate at the users there are, and the order of the movies is kept. It runs on the two
/// histograms, not on rows: bins × bins per solve.
/// </remarks>
internal sealed class RankOneLinks
{
    private const int Rounds = 8;

    private readonly double[] _b;
    private readonly double[] _counts; // this side's parents per bin
    private readonly double[] _userCounts;
    private readonly double[] _userTargets; // the other side's fan-out per bin, on this side's parents
    private readonly double[] _userWeights;
    private readonly double[] _a;
    private readonly double[] _targets; // this side's fan-out per bin
    private readonly double _others; // the other side's parents
    private readonly bool _own; // this side's parents link more when the links get denser

    private RankOneLinks(double[] counts, double[] targets, double[] b, double[] userCounts, double[] userTargets, double[] a,
        double others, bool own)
    {
        (_counts, _targets, _b, _userCounts, _userTargets, _a, _others, _own) = (counts, targets, b, userCounts, userTargets, a,
            others, own);
        var parents = counts.Sum();
        Weights = [.. counts.Select(n => parents > 0 ? n / parents : 0)];
        var users = userCounts.Sum();
        _userWeights = [.. userCounts.Select(n => users > 0 ? n / users : 0)];
    }

    /// <summary>Per bin of this side, its share of this side's parents.</summary>
    public double[] Weights { get; }

    /// <summary>The links at density <paramref name="density"/>: when this side is the busier one, each of its parents
    /// links that many times as many of the other side's (at most all); else each of the other side's parents links that
    /// many times as many of this side's (<see cref="UsersAt"/>).</summary>
    public LinkDensity At(double density) => new(density, _own ? _a : UsersAt(density));

    /// <summary>The other side's a when each of its parents links <paramref name="density"/> times as many of this side's
    /// parents as profiled (at most all of them); b stays.</summary>
    private double[] UsersAt(double density)
    {
        if (density == 1)
            return _a;
        var parents = _counts.Sum();
        var a = new double[_a.Length];
        Solve([.. _userTargets.Select(k => Math.Min(k * density, parents))], _b, _counts, a);
        return a;
    }

    /// <summary>The mean over this side's parents of their linked share at <paramref name="at"/>.</summary>
    public double MeanLinked(LinkDensity at) => Weights.Select((w, i) => w * Linked(i, at)).Sum();

    /// <summary>Bin <paramref name="i"/>'s share of the other side linked at <paramref name="at"/> (<see cref="At"/> of this
    /// density or of the one it was taken <see cref="For"/>).</summary>
    public double Linked(int i, LinkDensity at)
    {
        if (_own)
            return Math.Min(1, at.Density * _targets[i] / _others);
        var a = at.Users;
        var b = _b[i];
        if (b <= 0)
            return 0;
        var sum = 0.0;
        for (var u = 0; u < a.Length; u++)
            sum -= _userWeights[u] * double.ExpM1(-a[u] * b);
        return Math.Min(1, sum);
    }

    /// <summary>The density of this side's <paramref name="bins"/> against the other side of <paramref name="side"/>.</summary>
    public static RankOneLinks Fit(IReadOnlyList<(long Children, long Parents)> bins, PairSide side)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var (counts, targets) = Bins(bins);
        var parents = counts.Sum();
        var others = side.Histogram?.Where(b => b.Parents > 0 && b.Children >= 0).ToArray() ?? [];
        if (Own(side) || others.Length == 0 || parents == 0 || others.Sum(b => b.Parents) != side.Parents)
        {
            // the busier side needs no fit (its own fan-outs scale); else the other side's parents alike: one kind
            var users = (double)Math.Max(1, side.Parents);
            var mean = targets.Select((k, i) => k * counts[i]).Sum() / users;
            var alike = new RankOneLinks(counts, targets, new double[counts.Length], [users], [mean], [1.0], users, Own(side));
            Solve(targets, alike._a, alike._userCounts, alike._b);
            return alike;
        }

        var userCounts = others.Select(x => (double)x.Parents).ToArray();
        // a group of this side's parents (one side of their row state) holds its share of the links: each parent of the
        // other side is taken to link to it in proportion
        var links = targets.Select((k, i) => k * counts[i]).Sum();
        var share = Math.Min(1, links / Math.Max(1, others.Sum(x => (double)x.Children * x.Parents)));
        var userTargets = others.Select(x => Math.Min(x.Children * share, parents)).ToArray();
        var a = userTargets.Select(k => -double.LogP1(-Math.Min(k / parents, 1 - 1e-9))).ToArray();
        var b = new double[counts.Length];
        for (var round = 0; round < Rounds; round++)
        {
            Solve(targets, a, userCounts, b);
            Solve(userTargets, b, counts, a);
        }

        Solve(targets, a, userCounts, b);
        return new RankOneLinks(counts, targets, b, userCounts, userTargets, a, side.Parents, Own(side));
    }

    /// <summary>This density's other side with <paramref name="bins"/> on this side instead (a group of its parents).</summary>
    public RankOneLinks For(IReadOnlyList<(long Children, long Parents)> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var (counts, targets) = Bins(bins);
        var links = new RankOneLinks(counts, targets, new double[counts.Length], _userCounts, _userTargets, _a, _others, _own);
        Solve(targets, _a, _userCounts, links._b);
        return links;
    }

    // the busier side (fewer parents) is the one that links more; a tie or an unknown count leaves it to the other side
    private static bool Own(PairSide side) => side.OwnParents > 0 && side.OwnParents < side.Parents;

    private static (double[] Counts, double[] Targets) Bins(IReadOnlyList<(long Children, long Parents)> bins)
    {
        var kept = bins.Where(b => b.Parents > 0 && b.Children >= 0).ToArray();
        return ([.. kept.Select(b => (double)b.Parents)], [.. kept.Select(b => (double)b.Children)]);
    }

    // per i: the x ≥ 0 with Σ_j n_j (1 − exp(−x c_j)) = target_i; the sum is concave and increasing in x, so Newton from
    // the linear bound's root (below the solution) climbs to it without overshooting
    private static void Solve(double[] targets, double[] c, double[] n, double[] x)
    {
        var total = n.Sum();
        var linear = 0.0;
        for (var j = 0; j < c.Length; j++)
            linear += n[j] * c[j];
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i] <= 0 || linear <= 0)
            {
                x[i] = 0;
                continue;
            }

            var target = Math.Min(targets[i], total * (1 - 1e-9));
            var v = target / linear;
            for (var step = 0; step < 200; step++)
            {
                double h = -target, slope = 0;
                for (var j = 0; j < c.Length; j++)
                {
                    var e = Math.Exp(-v * c[j]);
                    h += n[j] * (1 - e);
                    slope += n[j] * c[j] * e;
                }

                if (h >= -1e-9 * target || slope <= 0)
                    break;
                var next = v - (h / slope);
                if (next <= v * (1 + 1e-12))
                    break;
                v = next;
            }

            x[i] = v;
        }
    }
}

/// <summary>A density of links: the factor and the other side's a at it (<see cref="RankOneLinks.At"/>).</summary>
internal readonly record struct LinkDensity(double Density, double[] Users);
