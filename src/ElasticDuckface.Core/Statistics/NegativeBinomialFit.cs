using MathNet.Numerics;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The negative binomial (a gamma mixture of Poissons) fitted by maximum likelihood to a fan-out histogram: the
/// parametric side of the growth model (<see cref="FanOutDeconvolution"/>). Its use here: the family is closed under
/// binomial thinning (X ~ NB(a, μ) kept with probability q gives Y ~ NB(a, qμ), same shape), so a fit on the thinned
/// histogram is a fit of the law before thinning, smooth, with two parameters however few the parents.
/// </summary>
internal readonly record struct NegativeBinomialFit(double Shape, double Mean, double LogLikelihood)
{
    // the shape is searched over e^MinLogShape..e^MaxLogShape; at the top the law is a Poisson for every practical mean
    private const double MinLogShape = -7;
    private const double MaxLogShape = 14;

    /// <summary>The ML fit of <paramref name="bins"/> (fan-out, parents): the mean is the histogram's (the ML estimate of
    /// an NB mean for any shape), the shape maximises the profile likelihood (a grid over log a, then golden section).</summary>
    public static NegativeBinomialFit Fit(IReadOnlyList<(long Y, double N)> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var total = bins.Sum(b => b.N);
        var mean = total > 0 ? bins.Sum(b => b.Y * b.N) / total : 0;
        if (!(mean > 0))
            return new NegativeBinomialFit(1, 0, 0);
        // ln y! per bin, which no shape changes
        var logFactorials = bins.Select(b => SpecialFunctions.GammaLn(b.Y + 1.0)).ToArray();
        double Profile(double logShape) => Total(bins, logFactorials, Math.Exp(logShape), mean);
        var best = MinLogShape;
        var bestValue = double.NegativeInfinity;
        const int steps = 42;
        for (var i = 0; i <= steps; i++)
        {
            var x = MinLogShape + (MaxLogShape - MinLogShape) * i / steps;
            var v = Profile(x);
            if (v > bestValue)
                (best, bestValue) = (x, v);
        }

        var width = (MaxLogShape - MinLogShape) / steps;
        var (lo, hi) = (Math.Max(MinLogShape, best - width), Math.Min(MaxLogShape, best + width));
        var phi = (Math.Sqrt(5) - 1) / 2;
        var (c, d) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
        var (fc, fd) = (Profile(c), Profile(d));
        for (var i = 0; i < 60; i++)
        {
            if (fc > fd)
            {
                (hi, d, fd) = (d, c, fc);
                c = hi - phi * (hi - lo);
                fc = Profile(c);
            }
            else
            {
                (lo, c, fc) = (c, d, fd);
                d = lo + phi * (hi - lo);
                fd = Profile(d);
            }
        }

        var shape = Math.Exp((lo + hi) / 2);
        var ll = Profile((lo + hi) / 2);
        return ll >= bestValue ? new NegativeBinomialFit(shape, mean, ll) : new NegativeBinomialFit(Math.Exp(best), mean, bestValue);
    }

    /// <summary>
    /// The ML fit of a thinned histogram whose law before thinning is <paramref name="minimum"/> + NB (every parent has at
    /// least the minimum): the thinned law is Binomial(minimum, q) convolved with NB(a, μ′), NB being closed under
    /// thinning. μ′ is the moment estimate ȳ − q·minimum; the shape maximises the likelihood as in <see cref="Fit"/>. The
    /// result is the thinned NB part: <see cref="Unthinned"/> gives the part before thinning, to be moved up by the minimum.
    /// </summary>
    public static NegativeBinomialFit FitShifted(IReadOnlyList<(long Y, double N)> bins, long minimum, double keep)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var total = bins.Sum(b => b.N);
        var mean = total > 0 ? (bins.Sum(b => b.Y * b.N) / total) - (keep * minimum) : 0;
        if (!(mean > 1e-9))
            return new NegativeBinomialFit(1, 0, 0);
        // Binomial(minimum, q) by j, which no shape changes
        var binomial = new double[minimum + 1];
        for (var j = 0; j <= minimum; j++)
        {
            binomial[j] = Math.Exp(SpecialFunctions.BinomialLn((int)minimum, j) + (j * Math.Log(keep))
                + ((minimum - j) * Math.Log(1 - keep)));
        }

        double Likelihood(double logShape)
        {
            var shape = Math.Exp(logShape);
            var sum = 0.0;
            foreach (var (y, n) in bins)
            {
                var p = 0.0;
                for (var j = 0; j <= Math.Min(minimum, y); j++)
                    p += binomial[j] * Math.Exp(LogPmf(y - j, shape, mean));
                sum += p > 0 ? n * Math.Log(p) : double.NegativeInfinity;
            }

            return sum;
        }

        var (best, bestValue) = (MinLogShape, double.NegativeInfinity);
        const int steps = 42;
        for (var i = 0; i <= steps; i++)
        {
            var x = MinLogShape + ((MaxLogShape - MinLogShape) * i / steps);
            var v = Likelihood(x);
            if (v > bestValue)
                (best, bestValue) = (x, v);
        }

        return new NegativeBinomialFit(Math.Exp(best), mean, bestValue);
    }

    /// <summary>log P(y) under NB(<paramref name="shape"/>, <paramref name="mean"/>).</summary>
    public static double LogPmf(double y, double shape, double mean)
    {
        if (mean <= 0)
            return y == 0 ? 0 : double.NegativeInfinity;
        var logP = Math.Log(shape / (shape + mean));
        var logQ = Math.Log(mean / (shape + mean));
        return SpecialFunctions.GammaLn(y + shape) - SpecialFunctions.GammaLn(shape) - SpecialFunctions.GammaLn(y + 1)
            + shape * logP + y * logQ;
    }

    /// <summary>
    /// This law with its mean divided by <paramref name="keep"/> (the law before a thinning with that keep probability),
    /// on the integers up to 256 and a relative grid above, as (fan-out, probability): the mass of a grid point is its
    /// probability times the integers it stands for.
    /// </summary>
    public (long[] Support, double[] Weights) Unthinned(double keep, long top)
    {
        var mean = Mean / keep;
        var support = new List<long>();
        var weights = new List<double>();
        long previous = -1;
        foreach (var x in BinomialThinning.Grid(top))
        {
            var w = Math.Exp(LogPmf(x, Shape, mean)) * (x - previous);
            previous = x;
            if (w > 0)
            {
                support.Add(x);
                weights.Add(w);
            }
        }

        var sum = weights.Sum();
        return ([.. support], [.. weights.Select(w => w / sum)]);
    }

    /// <summary>Where the law before thinning (mean / keep) has lost all but a negligible tail: mean + 40 standard
    /// deviations, which bounds the tail of a negative binomial of any shape ≥ e^-7 far below one parent in 2²⁰.</summary>
    public long Top(double keep)
    {
        var mean = Mean / keep;
        var sd = Math.Sqrt(mean + mean * mean / Shape);
        return (long)Math.Ceiling(Math.Min(mean + 40 * sd + 8, 1e12));
    }

    // Σ n_y ln P(y): LogPmf's terms in its order, with what does not depend on y (lnΓ(a), the two logarithms) and ln y!
    // computed once, so the sum is the same to the bit and costs one lnΓ per bin
    private static double Total(IReadOnlyList<(long Y, double N)> bins, double[] logFactorials, double shape, double mean)
    {
        var logP = Math.Log(shape / (shape + mean));
        var logQ = Math.Log(mean / (shape + mean));
        var logGammaShape = SpecialFunctions.GammaLn(shape);
        var sum = 0.0;
        for (var j = 0; j < bins.Count; j++)
        {
            var (y, n) = bins[j];
            sum += n * (SpecialFunctions.GammaLn(y + shape) - logGammaShape - logFactorials[j] + shape * logP + y * logQ);
        }

        return sum;
    }
}
