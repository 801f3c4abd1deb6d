namespace ElasticDuckface.Sweep;

/// <summary>
/// Fits constant, linear, n·log n and quadratic growth to a measure against the row count, and picks one by the rule of
/// docs/sweep.md: the simplest model unless a more complex one is clearly better.
/// </summary>
/// <remarks>
/// Each model y = a + b·f(n) is fitted by least squares weighted by 1/y² (relative errors: a sweep spans orders of
/// magnitude, and the small scales must count as much as the large ones), with a, b ≥ 0: a cost neither starts below
/// zero nor shrinks as the data grows. Starting from constant, the next model in order replaces the current pick when
/// its relative error is at most <see cref="ImprovementFactor"/> of the pick's and lower by at least
/// <see cref="MinImprovement"/>; so noise around a flat cost stays constant, and n·log n must beat linear by a margin,
/// not by a hair.
/// </remarks>
public static class GrowthFitter
{
    /// <summary>A more complex model must cut the relative error to at most this fraction of the current pick's.</summary>
    public const double ImprovementFactor = 0.5;

    /// <summary>... and by at least this much (absolute, 0.05 = five percentage points).</summary>
    public const double MinImprovement = 0.05;

    /// <summary>Fits every model to the points (row count, measured value) and picks one.</summary>
    /// <exception cref="ArgumentException">No point, a row count that is not positive, or a value that is not finite.</exception>
    public static GrowthAnalysis Fit(IReadOnlyList<(double Rows, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
            throw new ArgumentException("A fit needs at least one point.", nameof(points));
        if (points.Any(p => !(p.Rows > 0) || !double.IsFinite(p.Rows) || !double.IsFinite(p.Value)))
            throw new ArgumentException("Row counts must be positive and values finite.", nameof(points));

        var weights = Weights(points);
        var candidates = Enum.GetValues<GrowthModel>().Select(m => FitOne(m, points, weights)).ToList();
        var best = candidates[0];
        // with a single row count only a constant can be told (every model fits one point exactly)
        if (points.Select(p => p.Rows).Distinct().Count() > 1)
        {
            foreach (var candidate in candidates.Skip(1))
            {
                if (candidate.RelativeError <= ImprovementFactor * best.RelativeError
                    && best.RelativeError - candidate.RelativeError >= MinImprovement)
                    best = candidate;
            }
        }

        return new GrowthAnalysis(best, candidates);
    }

    /// <summary>1/y², with y floored at a thousandth of the largest |y| so that zeros (a counter that did not move) count.</summary>
    private static double[] Weights(IReadOnlyList<(double Rows, double Value)> points)
    {
        var largest = points.Max(p => Math.Abs(p.Value));
        var floor = largest > 0 ? largest * 1e-3 : 1;
        return [.. points.Select(p => 1 / Math.Pow(Math.Max(Math.Abs(p.Value), floor), 2))];
    }

    private static GrowthFit FitOne(GrowthModel model, IReadOnlyList<(double Rows, double Value)> points, double[] w)
    {
        var ys = points.Select(p => p.Value).ToArray();
        var fs = points.Select(p => model.Basis(p.Rows)).ToArray();
        var (a, b) = model == GrowthModel.Constant ? (Mean(ys, w), 0) : NonNegativeLine(fs, ys, w);
        var fit = new GrowthFit(model, a, b, 0, 0);
        var residual = 0.0;
        var total = 0.0;
        var mean = Mean(ys, w);
        for (var i = 0; i < ys.Length; i++)
        {
            residual += w[i] * Math.Pow(ys[i] - fit.Predict(points[i].Rows), 2);
            total += w[i] * Math.Pow(ys[i] - mean, 2);
        }

        var relative = Math.Sqrt(residual / w.Length);
        var r2 = total > 0 ? 1 - (residual / total) : 1;
        return fit with { RelativeError = relative, RSquared = r2 };
    }

    private static double Mean(double[] ys, double[] w) => ys.Zip(w).Sum(p => p.First * p.Second) / w.Sum();

    /// <summary>Weighted least squares y = a + b·f with a, b ≥ 0: the free fit, else the best fit on the boundary a = 0 or b = 0.</summary>
    private static (double A, double B) NonNegativeLine(double[] f, double[] y, double[] w)
    {
        var sw = w.Sum();
        var mf = f.Zip(w).Sum(p => p.First * p.Second) / sw;
        var my = y.Zip(w).Sum(p => p.First * p.Second) / sw;
        double sff = 0, sfy = 0;
        for (var i = 0; i < f.Length; i++)
        {
            sff += w[i] * (f[i] - mf) * (f[i] - mf);
            sfy += w[i] * (f[i] - mf) * (y[i] - my);
        }

        if (sff > 0)
        {
            var b = sfy / sff;
            var a = my - (b * mf);
            if (a >= 0 && b >= 0)
                return (a, b);
        }

        // on the boundary: through the origin (a = 0) or flat (b = 0), whichever leaves less
        var fy = f.Select((v, i) => w[i] * v * y[i]).Sum();
        var ff = f.Select((v, i) => w[i] * v * v).Sum();
        var through = ff > 0 ? Math.Max(0, fy / ff) : 0;
        var flat = Math.Max(0, my);
        double Residual(double a, double b) => y.Select((v, i) => w[i] * Math.Pow(v - a - (b * f[i]), 2)).Sum();
        return Residual(0, through) < Residual(flat, 0) ? (0, through) : (flat, 0);
    }
}
