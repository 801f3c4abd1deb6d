namespace ElasticDuckface.Statistics;

/// <summary>
/// The smooth side of the growth model (<see cref="FanOutDeconvolution"/>): the law before a binomial thinning as an
/// exponential family on the NPMLE's support grid (Efron's g-modelling, <i>Biometrika</i> 103, 2016): G(x) ∝ Δt(x) ·
/// exp(α₀·[x = 0] + Σₖ αₖ Pₖ(u)), t = ln(1 + x), u the grid's t mapped to [−1, 1], Pₖ the Legendre polynomials of degree
/// 1..<see cref="Degree"/>, the indicator a spike of parents without a child. Fitted by penalised maximum likelihood on the
/// thinned histogram.
/// </summary>
/// <remarks>
/// Why: the NPMLE is discrete, and where a heavy tail is seen through a tenth of its children it pools the parents into a
/// few atoms that move from one sample to the next (ground truth "zero-inflated heavy tail", eight draws: KS 0.04–0.25);
/// the negative binomial is smooth but has one shape for the whole law (0.05–0.09 there, 0.11–0.14 on a lognormal tail).
/// A log-density smooth in log fan-out, with a free mass at zero, has the NPMLE's reach with a handful of parameters.
/// The fit is Newton's method on the penalised likelihood: α ← α + (I_obs + 2c·I)⁻¹ ∇, ∇ = Σᵢ (aᵢ − N·Gᵢ) Qᵢ with aᵢ the
/// parents the data put at grid point i, I_obs = N·Cov_G(Q) − Σ_y n_y Cov(Q | y) the observed information (Louis 1982),
/// the step halved while the penalised likelihood does not rise; where I_obs + 2c·I is not positive definite, the
/// EM-gradient matrix N·Cov_G(Q) + 2c·I (Lange 1995) stands in. The EM-gradient alone converges at the rate of the missing
/// information, which for a thinning to a tenth is most of it; Newton converges quadratically near the optimum.
/// A histogram's work only.
/// </remarks>
internal static class SmoothDeconvolution
{
    /// <summary>The polynomial degree of the log-density; with the zero spike, Degree + 1 parameters.</summary>
    public const int Degree = 5;

    // ridge on α (Efron's c), against a flat direction of the likelihood running off
    private const double Ridge = 1;
    private const int MaxIterations = 300;
    private const double Tolerance = 1e-9;

    /// <summary>The fitted law as (fan-out, probability) on the grid, and the log-likelihood of the histogram under it.</summary>
    public static (long[] Support, double[] Weights, double LogLikelihood) Fit(IReadOnlyList<(long Children, long Parents)> histogram,
        double keep) =>
        Fit(ThinningKernel.For(histogram, keep));

    /// <summary><see cref="Fit(IReadOnlyList{ValueTuple{long, long}}, double)"/> on a kernel already built.</summary>
    public static (long[] Support, double[] Weights, double LogLikelihood) Fit(ThinningKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Bins.Length == 0)
            return ([], [], 0);
        var (grid, total) = (kernel.Grid, kernel.Total);
        var (basis, logSpacing) = Basis(grid);
        var dim = basis[0].Length;
        var alpha = new double[dim];
        var g = Law(basis, logSpacing, alpha);
        var (value, counts) = Evaluate(kernel, g, alpha);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var step = NewtonStep(kernel, basis, g, counts, alpha);
            var improved = false;
            for (var scale = 1.0; scale > 1e-6; scale /= 2)
            {
                var trial = new double[dim];
                for (var k = 0; k < dim; k++)
                    trial[k] = alpha[k] + (scale * step[k]);
                var gt = Law(basis, logSpacing, trial);
                var (vt, ct) = Evaluate(kernel, gt, trial);
                if (vt > value)
                {
                    var gain = vt - value;
                    (alpha, g, value, counts, improved) = (trial, gt, vt, ct, true);
                    if (gain < Tolerance * total)
                        iteration = MaxIterations;
                    break;
                }
            }

            if (!improved)
                break;
        }

        var logLikelihood = value + (Ridge * alpha.Sum(a => a * a));
        var (support, weights) = kernel.OnGrid(g);
        return (support, weights, logLikelihood);
    }

    // per grid point: the indicator of zero and P₁..P_Degree of u ∈ [−1, 1]; and ln Δt, the point's share of the t axis
    private static (double[][] Basis, double[] LogSpacing) Basis(long[] grid)
    {
        var t = grid.Select(x => Math.Log(1 + x)).ToArray();
        var top = Math.Max(t[^1], 1e-9);
        var basis = new double[grid.Length][];
        var logSpacing = new double[grid.Length];
        for (var i = 0; i < grid.Length; i++)
        {
            var u = (2 * t[i] / top) - 1;
            var row = new double[Degree + 1];
            row[0] = grid[i] == 0 ? 1 : 0;
            // Legendre recurrence: (k + 1) P_{k+1} = (2k + 1) u P_k − k P_{k−1}
            double previous = 1, current = u;
            for (var k = 1; k <= Degree; k++)
            {
                row[k] = current;
                (previous, current) = (current, (((2 * k) + 1) * u * current - (k * previous)) / (k + 1));
            }

            basis[i] = row;
            var left = i > 0 ? t[i - 1] : t[i] - (t.Length > 1 ? t[1] - t[0] : 1);
            var right = i + 1 < t.Length ? t[i + 1] : t[i] + (t[i] - left);
            logSpacing[i] = Math.Log(Math.Max(1e-12, (right - left) / 2));
        }

        return (basis, logSpacing);
    }

    private static double[] Law(double[][] basis, double[] logSpacing, double[] alpha)
    {
        var g = new double[basis.Length];
        var max = double.NegativeInfinity;
        for (var i = 0; i < g.Length; i++)
        {
            var s = logSpacing[i];
            for (var k = 0; k < alpha.Length; k++)
                s += alpha[k] * basis[i][k];
            g[i] = s;
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var i = 0; i < g.Length; i++)
            sum += g[i] = Math.Exp(g[i] - max);
        for (var i = 0; i < g.Length; i++)
            g[i] /= sum;
        return g;
    }

    // the penalised log-likelihood, and aᵢ: the parents the data put at grid point i (Σ_y n_y B(y | i) Gᵢ / f_y)
    private static (double Value, double[] Counts) Evaluate(ThinningKernel kernel, double[] g, double[] alpha)
    {
        var counts = new double[g.Length];
        var value = kernel.Posterior(g, counts, out var impossible);
        return impossible > 0 ? (double.NegativeInfinity, counts) : (value - (Ridge * alpha.Sum(a => a * a)), counts);
    }

    // the Newton step (I_obs + 2c·I)⁻¹ (∇ − 2c·α), I_obs the observed information N·Cov_G(Q) − Σ_y n_y Cov(Q | y) (the
    // complete-data information less the missing one); where I_obs + 2c·I is not positive definite (far from the
    // optimum, the likelihood of a mixture need not be concave), the EM-gradient matrix N·Cov_G(Q) + 2c·I instead
    private static double[] NewtonStep(ThinningKernel kernel, double[][] basis, double[] g, double[] counts, double[] alpha)
    {
        var dim = alpha.Length;
        var total = kernel.Total;
        var mean = new double[dim];
        for (var i = 0; i < g.Length; i++)
        {
            for (var k = 0; k < dim; k++)
                mean[k] += g[i] * basis[i][k];
        }

        var complete = new double[dim, dim];
        var missing = new double[dim, dim];
        var gradient = new double[dim];
        var d = new double[dim];
        for (var i = 0; i < g.Length; i++)
        {
            for (var k = 0; k < dim; k++)
                d[k] = basis[i][k] - mean[k];
            for (var k = 0; k < dim; k++)
            {
                gradient[k] += (counts[i] - (total * g[i])) * basis[i][k];
                for (var l = 0; l < dim; l++)
                {
                    complete[k, l] += total * g[i] * d[k] * d[l];
                    missing[k, l] += counts[i] * d[k] * d[l];
                }
            }
        }

        // less Σ_y n_y (m_y − μ)(m_y − μ)ᵀ, m_y the posterior mean of Q given y: per basis function k the band's dot
        // product with G·Q_k (the kernel's fixed-order dot product, so the result does not depend on the hardware)
        var (first, terms, bins) = (kernel.First, kernel.Terms, kernel.Bins);
        var weighted = new double[dim][];
        for (var k = 0; k < dim; k++)
        {
            var column = new double[g.Length];
            for (var i = 0; i < g.Length; i++)
                column[i] = g[i] * basis[i][k];
            weighted[k] = column;
        }

        var m = new double[dim];
        for (var j = 0; j < bins.Length; j++)
        {
            var f = ThinningKernel.Dot(terms[j], g, first[j]);
            if (f <= 0)
                continue;
            for (var k = 0; k < dim; k++)
                m[k] = (ThinningKernel.Dot(terms[j], weighted[k], first[j]) / f) - mean[k];
            for (var k = 0; k < dim; k++)
            {
                for (var l = 0; l < dim; l++)
                    missing[k, l] -= bins[j].N * m[k] * m[l];
            }
        }

        for (var k = 0; k < dim; k++)
            gradient[k] -= 2 * Ridge * alpha[k];
        var observed = new double[dim, dim];
        for (var k = 0; k < dim; k++)
        {
            complete[k, k] += 2 * Ridge;
            for (var l = 0; l < dim; l++)
                observed[k, l] = complete[k, l] - missing[k, l];
        }

        return Solve(observed, gradient) ?? Solve(complete, gradient) ?? new double[dim];
    }

    // A⁻¹b by Cholesky, or null when A is not positive definite
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                    sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(sum > 1e-12 * Math.Max(1, Math.Abs(a[i, i]))))
                        return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
                sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
                sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }

        return x;
    }
}
