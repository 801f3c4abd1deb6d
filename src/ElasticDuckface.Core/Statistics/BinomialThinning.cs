using MathNet.Numerics;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The fan-out distribution under binomial thinning, both ways: <see cref="Thin"/> keeps each child with probability q
/// (the exact law of the thinned fan-out); <see cref="Deconvolve"/> recovers the law of the fan-out before thinning from
/// a thinned histogram, as the nonparametric maximum-likelihood (NPMLE) mixing distribution fitted by EM.
/// </summary>
/// <remarks>
/// <para>Both work on histograms (k → parents), never on rows: the cost is (distinct fan-outs) × (support points in the
/// binomial band) per EM iteration, independent of the table sizes.</para>
/// <para>The model: a target parent has X children, X ~ G; the profiled database kept each child independently with
/// probability q = 1/r, so its parent shows Y | X ~ Binomial(X, q). The NPMLE Ĝ maximises Σ_y n_y log Σ_x G(x) B(y | x, q)
/// over all distributions G on a support grid (Kiefer &amp; Wolfowitz 1956; Laird 1978: the EM iteration
/// G(x) ← G(x) · Σ_y (n_y/N) B(y | x) / f(y) increases the likelihood and converges to the NPMLE, since the likelihood is
/// concave in G). It has no tuning parameter and no parametric family: a one-to-one link (every parent 1 child, seen as
/// a fraction q of ones) comes back as all ones, a parent seen with no child is explained by a small X that lost its
/// children, and the tail extends past max·r when the binomial spread asks for it.</para>
/// </remarks>
internal static class BinomialThinning
{
    // integer support points up to here; above it one point every ~1/DenseLimit relative step, which stays below the
    // posterior spread of X given Y (≥ sqrt(x·(r − 1)) for r ≥ 2, so the grid never decides the shape)
    private const long DenseLimit = 256;
    private const int MaxIterations = 4000;
    private const double Tolerance = 1e-10;
    // a binomial term below e^-40 of the band's peak is left out of the sparse matrix
    private const double BandLogCut = 40;

    /// <summary>The distribution of Binomial(K, <paramref name="keep"/>) with K following <paramref name="histogram"/>, as
    /// (fan-out, probability) sorted by fan-out.</summary>
    public static (long[] Support, double[] Weights) Thin(IReadOnlyList<(long Children, double Parents)> histogram, double keep)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var total = histogram.Sum(b => b.Parents);
        return Mix(histogram.Where(b => b.Parents > 0).Select(b => (b.Children, keep, b.Parents / total)));
    }

    /// <summary>The mixture of Binomial(trials, p) laws with the given weights (summing to 1), as (fan-out, probability)
    /// sorted by fan-out.</summary>
    public static (long[] Support, double[] Weights) Mix(IEnumerable<(long Trials, double P, double Weight)> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var mass = new SortedDictionary<long, double>();
        foreach (var (trials, p, weight) in components)
        {
            if (weight <= 0)
                continue;
            foreach (var (y, b) in Band(trials, p))
                mass[y] = mass.GetValueOrDefault(y) + weight * b;
        }

        return ([.. mass.Keys], [.. mass.Values]);
    }

    /// <summary>
    /// The NPMLE of the fan-out law before thinning, from a histogram thinned with probability <paramref name="keep"/>
    /// (0 &lt; keep &lt; 1), as (fan-out, probability) sorted by fan-out, points of no mass left out.
    /// </summary>
    public static (long[] Support, double[] Weights) Deconvolve(IReadOnlyList<(long Children, long Parents)> histogram, double keep)
    {
        var (support, weights, _) = DeconvolveWithLikelihood(histogram, keep);
        return (support, weights);
    }

    /// <summary><see cref="Deconvolve"/> and the log-likelihood of the histogram under the fitted law.</summary>
    public static (long[] Support, double[] Weights, double LogLikelihood) DeconvolveWithLikelihood(
        IReadOnlyList<(long Children, long Parents)> histogram, double keep)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(keep > 0 && keep < 1))
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "The keep probability must lie in (0, 1).");
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).GroupBy(b => b.Children)
            .Select(g => (Y: g.Key, N: (double)g.Sum(b => b.Parents))).OrderBy(b => b.Y).ToArray();
        if (bins.Length == 0)
            return ([], [], 0);
        var total = bins.Sum(b => b.N);
        var grid = Grid(bins[^1].Y, keep);
        // B[j] = the binomial terms B(y_j | x_i) over the band of grid points i ∈ [first[j], first[j] + B[j].Length)
        var first = new int[bins.Length];
        var terms = new double[bins.Length][];
        for (var j = 0; j < bins.Length; j++)
            (first[j], terms[j]) = Row(bins[j].Y, grid, keep);

        var w = new double[grid.Length];
        Array.Fill(w, 1.0 / grid.Length);
        var next = new double[grid.Length];
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(next);
            var logLikelihood = 0.0;
            for (var j = 0; j < bins.Length; j++)
            {
                var row = terms[j];
                var f = 0.0;
                for (var i = 0; i < row.Length; i++)
                    f += row[i] * w[first[j] + i];
                if (f <= 0)
                    continue;
                logLikelihood += bins[j].N * Math.Log(f);
                var share = bins[j].N / total / f;
                for (var i = 0; i < row.Length; i++)
                    next[first[j] + i] += row[i] * share;
            }

            for (var i = 0; i < w.Length; i++)
                w[i] *= next[i];
            Normalise(w);
            if (logLikelihood - previous < Tolerance * total)
            {
                previous = logLikelihood;
                break;
            }

            previous = logLikelihood;
        }

        var support = new List<long>();
        var weights = new List<double>();
        for (var i = 0; i < grid.Length; i++)
        {
            if (w[i] > 0)
            {
                support.Add(grid[i]);
                weights.Add(w[i]);
            }
        }

        return ([.. support], [.. weights], previous);
    }

    /// <summary>Support points 0..DenseLimit, then geometric, up to the largest X a parent seen with y_max children can
    /// plausibly have had: (y_max + 1)/q plus 8 standard deviations of the negative-binomial spread.</summary>
    private static long[] Grid(long yMax, double keep)
    {
        var mean = (yMax + 1) / keep;
        return Grid((long)Math.Ceiling(mean + 8 * Math.Sqrt(mean * (1 - keep) / keep) + 2));
    }

    /// <summary>Every integer 0..DenseLimit, then one point every ~1/DenseLimit relative step up to <paramref name="top"/>.</summary>
    internal static long[] Grid(long top)
    {
        var points = new List<long>();
        for (long x = 0; x <= Math.Min(top, DenseLimit); x++)
            points.Add(x);
        for (var x = DenseLimit; x < top;)
        {
            x += Math.Max(1, x / DenseLimit);
            points.Add(Math.Min(x, top));
        }

        return [.. points];
    }

    // the band of grid points whose binomial term for y is within e^-BandLogCut of the largest
    private static (int First, double[] Terms) Row(long y, long[] grid, double keep)
    {
        var logs = new double[grid.Length];
        var best = double.NegativeInfinity;
        for (var i = 0; i < grid.Length; i++)
        {
            logs[i] = LogBinomial(y, grid[i], keep);
            best = Math.Max(best, logs[i]);
        }

        var lo = Array.FindIndex(logs, l => l >= best - BandLogCut);
        var hi = Array.FindLastIndex(logs, l => l >= best - BandLogCut);
        var row = new double[hi - lo + 1];
        for (var i = lo; i <= hi; i++)
            row[i - lo] = Math.Exp(logs[i]);
        return (lo, row);
    }

    // (y, B(y | k, q)) for the y whose term is within e^-BandLogCut of the mode
    private static IEnumerable<(long Y, double B)> Band(long k, double keep)
    {
        if (keep >= 1 || keep <= 0)
        {
            yield return (keep >= 1 ? k : 0, 1);
            yield break;
        }

        var mode = (long)Math.Floor((k + 1) * keep);
        var peak = LogBinomial(Math.Min(mode, k), k, keep);
        var spread = (long)Math.Ceiling(10 * Math.Sqrt(k * keep * (1 - keep))) + 2;
        var terms = new List<(long, double)>();
        double sum = 0;
        for (var y = Math.Max(0, mode - spread); y <= Math.Min(k, mode + spread); y++)
        {
            var l = LogBinomial(y, k, keep);
            if (l < peak - BandLogCut)
                continue;
            var b = Math.Exp(l);
            terms.Add((y, b));
            sum += b;
        }

        // renormalise the cut band so every parent is counted exactly once
        foreach (var (y, b) in terms)
            yield return (y, b / sum);
    }

    private static double LogBinomial(long y, long x, double keep)
    {
        if (y > x || y < 0)
            return double.NegativeInfinity;
        var log = SpecialFunctions.GammaLn(x + 1.0) - SpecialFunctions.GammaLn(y + 1.0) - SpecialFunctions.GammaLn(x - y + 1.0);
        if (y > 0)
            log += y * Math.Log(keep);
        if (x > y)
            log += (x - y) * Math.Log(1 - keep);
        return log;
    }

    private static void Normalise(double[] w)
    {
        var s = w.Sum();
        for (var i = 0; i < w.Length; i++)
            w[i] /= s;
    }
}
