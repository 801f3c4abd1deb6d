namespace ElasticDuckface.Privacy;

/// <summary>
/// Quantiles under differential privacy (ADR 0008): the distribution the quantiles describe is read as a histogram of
/// counts over a fixed grid between its two end points (whole numbers one by one when few, else 32 equal bins), every
/// bin gets noise, and the quantiles are read back from the noisy histogram. The end points stay (they are the k rule's);
/// the result is monotone by construction.
/// </summary>
internal static class NoisyQuantiles
{
    private const int Bins = 32;
    private const int MaxWholeNumberCells = 64;

    /// <summary>
    /// The noisy quantiles of <paramref name="quantiles"/> (evenly spaced, first the minimum) over <paramref name="mass"/>
    /// rows, and the noisy number of rows they cover.
    /// </summary>
    public static (IReadOnlyList<double> Quantiles, double Mass) Apply(IReadOnlyList<double> quantiles, double mass, bool integer,
        StatisticNoise noise)
    {
        if (quantiles.Count < 2 || !(quantiles[^1] > quantiles[0]))
            return (quantiles, noise.Count(mass));
        double lo = quantiles[0], hi = quantiles[^1];
        var whole = integer && hi - lo < MaxWholeNumberCells;
        // cell j covers (edge[j], edge[j + 1]]; the first also holds what sits at lo
        var edges = whole
            ? Enumerable.Range(0, (int)(hi - lo) + 2).Select(i => lo - 0.5 + i).ToArray()
            : Enumerable.Range(0, Bins + 1).Select(i => i == Bins ? hi : lo + (hi - lo) * i / Bins).ToArray();
        var cells = new double[edges.Length - 1];
        for (var j = 0; j < cells.Length; j++)
        {
            var below = j == 0 ? 0 : Cdf(quantiles, edges[j]);
            cells[j] = noise.Count(mass * Math.Max(0, Cdf(quantiles, edges[j + 1]) - below));
        }

        var total = cells.Sum();
        if (total <= 0)
        {
            Array.Fill(cells, 1);
            total = cells.Length;
        }

        var result = new double[quantiles.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var p = (double)i / (result.Length - 1);
            var x = i == 0 ? lo : i == result.Length - 1 ? hi : Inverse(cells, total, edges, p, whole);
            result[i] = integer ? Math.Round(x) : x;
        }

        for (var i = 1; i < result.Length; i++)
            result[i] = Math.Max(result[i], result[i - 1]);
        return (result, total);
    }

    /// <summary>
    /// The share of the values at or below <paramref name="x"/>, linear between neighbouring quantiles (as the generator
    /// draws them); a run of equal quantiles is a point mass.
    /// </summary>
    internal static double Cdf(IReadOnlyList<double> q, double x)
    {
        if (x < q[0])
            return 0;
        if (x >= q[^1])
            return 1;
        var i = q.Count - 1;
        while (q[i] > x)
            i--;
        var step = 1.0 / (q.Count - 1);
        return i * step + step * (x - q[i]) / (q[i + 1] - q[i]);
    }

    private static double Inverse(double[] cells, double total, double[] edges, double p, bool whole)
    {
        var target = p * total;
        double seen = 0;
        for (var j = 0; j < cells.Length; j++)
        {
            if (cells[j] > 0 && seen + cells[j] >= target)
                return whole ? edges[j] + 0.5 : edges[j] + (edges[j + 1] - edges[j]) * (target - seen) / cells[j];
            seen += cells[j];
        }

        return whole ? edges[^1] - 0.5 : edges[^1];
    }
}
