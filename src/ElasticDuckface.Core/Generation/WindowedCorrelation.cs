using ElasticDuckface.Statistics;
using MathNet.Numerics.Distributions;

namespace ElasticDuckface.Generation;

/// <summary>
/// The streamed form of <see cref="FanOutCorrelator"/>: the permuted FK's parents are re-paired against the fixed FK's
/// within windows of <see cref="WindowRows"/> rows instead of over the whole table, so every parent keeps its fan-out
/// exactly and memory stays per window. Within a window the Iman–Conover step is the correlator's (rows scored
/// a·z + √(1−a²)·ε, z the normal score of the fixed parent's fan-out rank, take the permuted parents sorted by fan-out),
/// with the fan-outs of the whole table; a is calibrated once, on the first window, by bisection on Pearson r.
/// </summary>
/// <remarks>Windows are computed once each (a few kept) whichever thread reads them first, and depend only on the plan,
/// so one thread and several read the same parents.</remarks>
internal sealed class WindowedCorrelation : IParentSource
{
    /// <summary>Rows per window: 2^16, a sample of every part of the permuted FK's runs (its map spreads them).</summary>
    public const int WindowRows = 1 << 16;

    private const int KeptWindows = 4;
    private const int CalibrationSteps = 14;

    private readonly StreamedParents _fixed;
    private readonly StreamedParents _permuted;
    private readonly long _rows;
    private readonly ulong _seed;
    private readonly double _target;
    private readonly Lazy<double> _strength;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Lazy<long[]>> _windows = [];

    /// <param name="fixedParents">The FK whose parents stay.</param>
    /// <param name="permuted">The FK whose parents are re-paired.</param>
    /// <param name="rows">The table's rows.</param>
    /// <param name="target">The profiled Pearson r of the two fan-outs.</param>
    /// <param name="seed">The correlation's stream (the in-memory correlator's).</param>
    public WindowedCorrelation(StreamedParents fixedParents, StreamedParents permuted, long rows, double target, ulong seed)
    {
        _fixed = fixedParents;
        _permuted = permuted;
        _rows = rows;
        _seed = seed;
        _target = Math.Clamp(target, -1, 1);
        _strength = new Lazy<double>(Calibrate);
    }

    public long Parent(long row)
    {
        var w = row / WindowRows;
        return Window(w)[row - (w * WindowRows)];
    }

    private long[] Window(long w)
    {
        Lazy<long[]> window;
        lock (_gate)
        {
            if (!_windows.TryGetValue(w, out window!))
            {
                if (_windows.Count >= KeptWindows)
                    _windows.Remove(_windows.Keys.Min());
                _windows[w] = window = new Lazy<long[]>(() => Pair(w, _strength.Value).Parents);
            }
        }

        return window.Value;
    }

    // the first window's r over a ∈ [−1, 1] rises with a: bisect towards the target
    private double Calibrate()
    {
        double lo = -1, hi = 1;
        var rHi = Pair(0, hi).R;
        var rLo = Pair(0, lo).R;
        if (!(_target < rHi))
            return hi;
        if (!(_target > rLo))
            return lo;
        for (var step = 0; step < CalibrationSteps; step++)
        {
            var mid = (lo + hi) / 2;
            if (Pair(0, mid).R < _target)
                lo = mid;
            else
                hi = mid;
        }

        return (lo + hi) / 2;
    }

    /// <summary>Window <paramref name="w"/>'s permuted parents at strength <paramref name="a"/>, and the r they give.</summary>
    private (long[] Parents, double R) Pair(long w, double a)
    {
        var first = w * WindowRows;
        var count = (int)Math.Min(WindowRows, _rows - first);
        var parents = new long[Math.Max(count, 0)];
        var fixedParents = new long[parents.Length];
        var both = new List<int>(parents.Length);
        for (var i = 0; i < parents.Length; i++)
        {
            parents[i] = _permuted.Parent(first + i);
            fixedParents[i] = _fixed.Parent(first + i);
            if (parents[i] >= 0 && fixedParents[i] >= 0)
                both.Add(i);
        }

        var m = both.Count;
        if (m < 3)
            return (parents, 0);
        var byFirst = new (long Degree, ulong Tie, int Index)[m];
        var bySecond = new (long Degree, ulong Tie, long Parent)[m];
        for (var k = 0; k < m; k++)
        {
            var row = first + both[k];
            byFirst[k] = (FanOut(_fixed, fixedParents[both[k]]), StableHash.At(_seed, row, 1), k);
            var v = parents[both[k]];
            bySecond[k] = (FanOut(_permuted, v), StableHash.At(_seed, v, 3), v);
        }

        Array.Sort(byFirst);
        Array.Sort(bySecond);
        var z = new double[m];
        for (var k = 0; k < m; k++)
            z[byFirst[k].Index] = Normal.InvCDF(0, 1, (k + 0.5) / m);
        var b = Math.Sqrt(Math.Max(0, 1 - (a * a)));
        var scores = new double[m];
        var order = new int[m];
        for (var k = 0; k < m; k++)
        {
            var noise = Normal.InvCDF(0, 1, ((StableHash.At(_seed, first + both[k], 2) >> 11) + 0.5) * (1.0 / (1UL << 53)));
            scores[k] = (a * z[k]) + (b * noise);
            order[k] = k;
        }

        Array.Sort(scores, order);
        for (var k = 0; k < m; k++)
            parents[both[order[k]]] = bySecond[k].Parent;
        return (parents, Pearson(fixedParents, parents, both));
    }

    private double Pearson(long[] fixedParents, long[] parents, List<int> both)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        foreach (var i in both)
        {
            double x = FanOut(_fixed, fixedParents[i]);
            double y = FanOut(_permuted, parents[i]);
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }

        return PearsonCorrelation.FromSums(both.Count, sx, sy, sxx, syy, sxy);
    }

    private static long FanOut(StreamedParents parents, long parent) =>
        parents.Index.Start((int)parent + 1) - parents.Index.Start((int)parent);
}
