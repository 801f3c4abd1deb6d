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
    private const int MaxIterations = 300;
    // the evaluations before a caller may give the EM up (its bound is loose and its atoms not yet formed before)
    private const int EvaluationsBeforeGivingUp = 30;
    private const double Tolerance = 1e-8;
    // a binomial term below e^-40 of the band's peak is left out of a thinned law (Thin, Mix)
    private const double BandLogCut = 40;
    // and below e^-25 (~1e-11) of its row's largest out of the kernel of the deconvolution, whose EM and smooth fit pass
    // over every cell kept at every step
    private const double RowLogCut = 25;

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
        IReadOnlyList<(long Children, long Parents)> histogram, double keep) =>
        DeconvolveWithLikelihood(ThinningKernel.For(histogram, keep));

    /// <summary>The NPMLE on a kernel already built (<see cref="FanOutDeconvolution"/> shares one between its estimators).</summary>
    internal static (long[] Support, double[] Weights, double LogLikelihood) DeconvolveWithLikelihood(ThinningKernel kernel) =>
        DeconvolveWithLikelihood(kernel, null) ?? throw new InvalidOperationException("The EM was given up without a caller's rule.");

    /// <summary>
    /// The NPMLE on a kernel already built, or null when <paramref name="giveUp"/> says so: from the
    /// <see cref="EvaluationsBeforeGivingUp"/>th evaluation on it is asked once per SQUAREM cycle with the current weights
    /// on the grid and the least upper bound on the NPMLE's log-likelihood seen so far
    /// (<see cref="ThinningKernel.EmStep(double[], double[], out double)"/>).
    /// </summary>
    /// <remarks>EM accelerated by SQUAREM (Varadhan &amp; Roland, <i>Scand. J. Statist.</i> 35, 2008): from w, two EM steps
    /// give r = EM(w) − w and v = EM(EM(w)) − EM(w) − r, the extrapolation w − 2αr + α²v (α = −‖r‖/‖v‖, at most −1) is
    /// projected onto the simplex and followed by one EM step, kept when its likelihood is at least the two plain steps';
    /// the NPMLE's EM is sublinear, so this takes a fraction of the iterations to the same tolerance.</remarks>
    /// <param name="kernel">The thinned histogram and its kernel.</param>
    /// <param name="giveUp">The caller's rule for giving the EM up, or null.</param>
    /// <param name="minimum">The least fan-out the law may hold (a declared minimum): the EM starts with no weight below
    /// it, and its multiplicative steps (and SQUAREM's extrapolation of zeros) keep none there, so this is the NPMLE over
    /// the laws at or above it. 0 for none; ignored when no grid point reaches it.</param>
    internal static (long[] Support, double[] Weights, double LogLikelihood)? DeconvolveWithLikelihood(ThinningKernel kernel,
        Func<double[], double, bool>? giveUp, long minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Bins.Length == 0)
            return ([], [], 0);
        var grid = kernel.Grid;
        var total = kernel.Total;
        var w = new double[grid.Length];
        var allowed = grid.Count(x => x >= minimum);
        if (allowed == 0)
            (allowed, minimum) = (grid.Length, 0);
        for (var i = 0; i < grid.Length; i++)
            w[i] = grid[i] >= minimum ? 1.0 / allowed : 0;
        var w1 = new double[grid.Length];
        var w2 = new double[grid.Length];
        var extrapolated = new double[grid.Length];
        var previous = double.NegativeInfinity;
        var bound = double.PositiveInfinity;
        for (var evaluations = 0; evaluations < MaxIterations;)
        {
            var l0 = kernel.EmStep(w, w1, out var b0);
            bound = Math.Min(bound, b0);
            if (giveUp is not null && evaluations >= EvaluationsBeforeGivingUp && giveUp(w, bound))
                return null;
            var l1 = kernel.EmStep(w1, w2, out var b1);
            bound = Math.Min(bound, b1);
            evaluations += 2;
            double r2 = 0, v2 = 0;
            for (var i = 0; i < w.Length; i++)
            {
                var r = w1[i] - w[i];
                var v = w2[i] - w1[i] - r;
                r2 += r * r;
                v2 += v * v;
            }

            var accepted = false;
            if (v2 > 0)
            {
                var alpha = Math.Min(-1, -Math.Sqrt(r2 / v2));
                for (var i = 0; i < w.Length; i++)
                {
                    var r = w1[i] - w[i];
                    var v = w2[i] - w1[i] - r;
                    extrapolated[i] = Math.Max(0, w[i] - (2 * alpha * r) + (alpha * alpha * v));
                }

                Normalise(extrapolated);
                var le = kernel.EmStep(extrapolated, w, out var be);
                bound = Math.Min(bound, be);
                evaluations++;
                // w now holds EM(extrapolated); keep it when it does at least as well as the plain steps
                accepted = le >= l1 && !double.IsNaN(le);
                if (accepted && le - previous < Tolerance * total && previous > double.NegativeInfinity)
                {
                    previous = le;
                    break;
                }

                if (accepted)
                    previous = le;
            }

            if (!accepted)
            {
                Array.Copy(w2, w, w.Length);
                if (l1 - previous < Tolerance * total && previous > double.NegativeInfinity)
                {
                    previous = l1;
                    break;
                }

                previous = Math.Max(l0, l1);
            }
        }

        var (support, weights) = kernel.OnGrid(w);
        return (support, weights, previous);
    }

    /// <summary>Support points 0..DenseLimit, then geometric, up to the largest X a parent seen with y_max children can
    /// plausibly have had: (y_max + 1)/q plus 8 standard deviations of the negative-binomial spread.</summary>
    internal static long[] Grid(long yMax, double keep)
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

    // the band of grid points whose binomial term for y is within e^-RowLogCut of the largest: B(y | x) is unimodal in x
    // with its mode near y/q, so the band is walked outwards from there instead of evaluated over the whole grid
    internal static (int First, double[] Terms) Row(long y, long[] grid, double keep)
    {
        var (logKeep, logDrop) = (Math.Log(keep), Math.Log(1 - keep));
        double At(int i) => LogBinomial(y, grid[i], logKeep, logDrop);
        var start = Array.BinarySearch(grid, (long)Math.Round(y / keep));
        start = Math.Clamp(start < 0 ? ~start : start, 0, grid.Length - 1);
        while (start > 0 && At(start - 1) > At(start))
            start--;
        while (start + 1 < grid.Length && At(start + 1) > At(start))
            start++;
        var best = At(start);
        var lo = start;
        while (lo > 0 && At(lo - 1) >= best - RowLogCut)
            lo--;
        var hi = start;
        while (hi + 1 < grid.Length && At(hi + 1) >= best - RowLogCut)
            hi++;
        var row = new double[hi - lo + 1];
        for (var i = lo; i <= hi; i++)
            row[i - lo] = Math.Exp(At(i));
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

        var (logKeep, logDrop) = (Math.Log(keep), Math.Log(1 - keep));
        var mode = (long)Math.Floor((k + 1) * keep);
        var peak = LogBinomial(Math.Min(mode, k), k, logKeep, logDrop);
        var spread = (long)Math.Ceiling(10 * Math.Sqrt(k * keep * (1 - keep))) + 2;
        var terms = new List<(long, double)>();
        double sum = 0;
        for (var y = Math.Max(0, mode - spread); y <= Math.Min(k, mode + spread); y++)
        {
            var l = LogBinomial(y, k, logKeep, logDrop);
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

    // ln B(y | x, q), with ln q and ln(1 − q) given
    private static double LogBinomial(long y, long x, double logKeep, double logDrop)
    {
        if (y > x || y < 0)
            return double.NegativeInfinity;
        var log = LogFactorial.Of(x) - LogFactorial.Of(y) - LogFactorial.Of(x - y);
        if (y > 0)
            log += y * logKeep;
        if (x > y)
            log += (x - y) * logDrop;
        return log;
    }

    internal static void Normalise(double[] w)
    {
        var s = w.Sum();
        for (var i = 0; i < w.Length; i++)
            w[i] /= s;
    }
}
