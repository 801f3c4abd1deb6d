using ElasticDuckface.Generation;

namespace ElasticDuckface.Privacy;

/// <summary>
/// The noise of one statistic (a budget group of <see cref="DifferentialPrivacy"/>): every count of the statistic's vector
/// gets an independent draw of the same calibrated mechanism, from a stream keyed by (seed, table, statistic), so that the
/// same seed gives the same profile and a new statistic does not shift the others' noise.
/// </summary>
internal sealed class StatisticNoise
{
    private readonly ulong _stream;
    private readonly bool _gaussian;
    private long _draw;

    /// <param name="stream">The stream seed (<see cref="StableHash.Derive"/>).</param>
    /// <param name="sensitivity">How much one row added or removed changes the statistic's counts.</param>
    /// <param name="epsilon">The statistic's share of ε.</param>
    /// <param name="delta">The statistic's share of δ, or null for Laplace noise.</param>
    public StatisticNoise(ulong stream, Sensitivity sensitivity, double epsilon, double? delta)
    {
        _stream = stream;
        _gaussian = delta is not null;
        Scale = delta is { } d
            ? NoiseMechanism.GaussianSigma(sensitivity.L2, epsilon, d)
            : NoiseMechanism.LaplaceScale(sensitivity.L1, epsilon);
    }

    /// <summary>Laplace b or Gaussian σ.</summary>
    public double Scale { get; }

    /// <summary>
    /// The half-width of the interval holding 95% of the draws: b·ln 20 for Laplace (P(|X| &gt; t) = e^(−t/b)), 1.96σ for
    /// Gaussian. A statistic whose range is no wider than this is drowned by its noise.
    /// </summary>
    public double HalfWidth95 => _gaussian ? 1.96 * Scale : Scale * Math.Log(20);

    /// <summary>One draw of the noise.</summary>
    public double Next()
    {
        var n = _draw++;
        if (_gaussian)
        {
            var u1 = 1 - StableHash.Uniform(_stream, n, 0);
            var u2 = StableHash.Uniform(_stream, n, 1);
            return Scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        var u = StableHash.Uniform(_stream, n, 0) - 0.5;
        return -Scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>A count with noise, clamped at 0 (post-processing: a count is never negative).</summary>
    public double Count(double count) => Math.Max(0, count + Next());

    /// <summary>A value bounded to [lo, hi] with noise, clamped back into its range (its sensitivity is the range).</summary>
    public double Bounded(double value, double lo, double hi) => Math.Clamp(value + Next(), lo, hi);
}
