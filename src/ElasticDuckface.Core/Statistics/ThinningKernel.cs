using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>A law given by its weights on <see cref="Grid"/>, as (fan-out, probability) with the points of no mass
    /// left out.</summary>
    public (long[] Support, double[] Weights) OnGrid(double[] w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var support = new List<long>();
        var weights = new List<double>();
        for (var i = 0; i < Grid.Length; i++)
        {
            if (w[i] > 0)
            {
                support.Add(Grid[i]);
                weights.Add(w[i]);
            }
        }

        return ([.. support], [.. weights]);
    }

    /// <summary>
    /// One EM step of the NPMLE from <paramref name="w"/> into <paramref name="next"/> (normalised):
    /// next(x) = w(x) · Σ_y (n_y/N) B(y | x) / f(y); returns the log-likelihood of <paramref name="w"/>.
    /// </summary>
    public double EmStep(double[] w, double[] next) => EmStep(w, next, out _);

    /// <summary>
    /// <see cref="EmStep(double[], double[])"/>, and in <paramref name="bound"/> an upper bound on the NPMLE's
    /// log-likelihood: ℓ(w) + N·ln maxₓ d(x), d(x) = Σ_y (n_y/N) B(y | x) / f(y) (by Jensen, ℓ(G) − ℓ(w) =
    /// Σ_y n_y ln(f_G(y)/f(y)) ≤ N·ln Σₓ G(x) d(x) for every law G on the grid); +∞ where some fan-out has f(y) = 0.
    /// </summary>
    public double EmStep(double[] w, double[] next, out double bound)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(next);
        var logLikelihood = Posterior(w, next, out var impossible, out var largest);
        bound = impossible > 0 || !(largest > 0) ? double.PositiveInfinity : logLikelihood + (Total * Math.Log(largest / Total));
        BinomialThinning.Normalise(next);
        return logLikelihood;
    }

    /// <summary>
    /// The parents the histogram puts at each grid point under the law <paramref name="w"/>, into
    /// <paramref name="counts"/>: w(x) · Σ_y n_y B(y | x) / f(y), f(y) = Σ_x w(x) B(y | x); returns Σ_y n_y ln f(y)
    /// over the fan-outs with f(y) &gt; 0 and, in <paramref name="impossible"/>, how many have f(y) = 0.
    /// </summary>
    /// <remarks>The EM step's and the smooth fit's one pass over the band: two multiply-adds per cell, on 4 lanes in a
    /// fixed order (SIMD where the machine has it, the same sums in scalar code where not), so the result does not depend
    /// on the hardware.</remarks>
    public double Posterior(double[] w, double[] counts, out int impossible) => Posterior(w, counts, out impossible, out _);

    // Posterior, and in largest the greatest Σ_y n_y B(y | x) / f(y) over the grid (N times the EM's gradient d)
    private double Posterior(double[] w, double[] counts, out int impossible, out double largest)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(counts);
        Array.Clear(counts);
        impossible = 0;
        var logLikelihood = 0.0;
        for (var j = 0; j < Bins.Length; j++)
        {
            var row = Terms[j];
            var offset = First[j];
            var f = Dot(row, w, offset);
            if (f <= 0)
            {
                impossible++;
                continue;
            }

            logLikelihood += Bins[j].N * Math.Log(f);
            AddScaled(counts, offset, row, Bins[j].N / f);
        }

        largest = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            largest = Math.Max(largest, counts[i]);
            counts[i] *= w[i];
        }

        return logLikelihood;
    }

    // Σᵢ row[i]·w[offset + i]: lane l sums the i ≡ l (mod 4), the lanes are added as (0 + 1) + (2 + 3), then the tail
    internal static double Dot(double[] row, double[] w, int offset)
    {
        var n = row.Length;
        var i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<double>.Zero;
            ref var r = ref MemoryMarshal.GetArrayDataReference(row);
            ref var x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), offset);
            for (; i <= n - 4; i += 4)
                acc += Vector256.LoadUnsafe(ref r, (nuint)i) * Vector256.LoadUnsafe(ref x, (nuint)i);
            (s0, s1, s2, s3) = (acc[0], acc[1], acc[2], acc[3]);
        }
        else
        {
            for (; i <= n - 4; i += 4)
            {
                s0 += row[i] * w[offset + i];
                s1 += row[i + 1] * w[offset + i + 1];
                s2 += row[i + 2] * w[offset + i + 2];
                s3 += row[i + 3] * w[offset + i + 3];
            }
        }

        var sum = (s0 + s1) + (s2 + s3);
        for (; i < n; i++)
            sum += row[i] * w[offset + i];
        return sum;
    }

    // target[offset + i] += row[i]·scale (cell by cell: no order to keep)
    private static void AddScaled(double[] target, int offset, double[] row, double scale)
    {
        var n = row.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var factor = Vector256.Create(scale);
            ref var r = ref MemoryMarshal.GetArrayDataReference(row);
            ref var t = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(target), offset);
            for (; i <= n - 4; i += 4)
                (Vector256.LoadUnsafe(ref t, (nuint)i) + (Vector256.LoadUnsafe(ref r, (nuint)i) * factor)).StoreUnsafe(ref t, (nuint)i);
        }

        for (; i < n; i++)
            target[offset + i] += row[i] * scale;
    }
}
