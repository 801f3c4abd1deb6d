namespace ElasticDuckface.Statistics;

/// <summary>
/// A thinned histogram with its binomial kernel on the support grid: for every distinct fan-out y seen, the terms
/// B(y | x, q) over the band of grid points x where they are within e⁻⁴⁰ of their largest. Built once per foreign key and
/// shared by the estimators of <see cref="FanOutDeconvolution"/> (the NPMLE and the smooth law), which only read it.
/// </summary>
internal sealed class ThinningKernel
{
    private ThinningKernel((long Y, double N)[] bins, long[] grid, int[] first, double[][] terms)
    {
        Bins = bins;
        Grid = grid;
        First = first;
        Terms = terms;
        Total = bins.Sum(b => b.N);
    }

    /// <summary>The distinct fan-outs seen and their parents, by fan-out.</summary>
    public (long Y, double N)[] Bins { get; }

    /// <summary>The support points x of the law before thinning (<see cref="BinomialThinning.Grid(long, double)"/>).</summary>
    public long[] Grid { get; }

    /// <summary>Per bin j, the first grid index of its band.</summary>
    public int[] First { get; }

    /// <summary>Per bin j, B(y_j | x_i, q) for the grid points i of its band.</summary>
    public double[][] Terms { get; }

    /// <summary>The parents.</summary>
    public double Total { get; }

    /// <summary>The kernel of <paramref name="histogram"/> thinned with keep probability <paramref name="keep"/>.</summary>
    public static ThinningKernel For(IReadOnlyList<(long Children, long Parents)> histogram, double keep)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(keep > 0 && keep < 1))
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "The keep probability must lie in (0, 1).");
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).GroupBy(b => b.Children)
            .Select(g => (Y: g.Key, N: (double)g.Sum(b => b.Parents))).OrderBy(b => b.Y).ToArray();
        if (bins.Length == 0)
            return new ThinningKernel(bins, [], [], []);
        var grid = BinomialThinning.Grid(bins[^1].Y, keep);
        var first = new int[bins.Length];
        var terms = new double[bins.Length][];
        for (var j = 0; j < bins.Length; j++)
            (first[j], terms[j]) = BinomialThinning.Row(bins[j].Y, grid, keep);
        return new ThinningKernel(bins, grid, first, terms);
    }

    /// <summary>
    /// One EM step of the NPMLE from <paramref name="w"/> into <paramref name="next"/> (normalised):
    /// next(x) = w(x) · Σ_y (n_y/N) B(y | x) / f(y); returns the log-likelihood of <paramref name="w"/>.
    /// </summary>
    public double EmStep(double[] w, double[] next)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(next);
        Array.Clear(next);
        var logLikelihood = 0.0;
        for (var j = 0; j < Bins.Length; j++)
        {
            var row = Terms[j];
            var offset = First[j];
            var f = 0.0;
            for (var i = 0; i < row.Length; i++)
                f += row[i] * w[offset + i];
            if (f <= 0)
                continue;
            logLikelihood += Bins[j].N * Math.Log(f);
            var share = Bins[j].N / Total / f;
            for (var i = 0; i < row.Length; i++)
                next[offset + i] += row[i] * share;
        }

        for (var i = 0; i < w.Length; i++)
            next[i] *= w[i];
        BinomialThinning.Normalise(next);
        return logLikelihood;
    }
}
