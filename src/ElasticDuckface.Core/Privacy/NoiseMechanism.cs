using MathNet.Numerics.Distributions;

namespace ElasticDuckface.Privacy;

/// <summary>
/// The calibration of one statistic's noise (ADR 0008): Laplace with scale Δ₁/ε (pure ε-DP), or Gaussian with the
/// smallest σ that the analytic condition of Balle and Wang (2018, Theorem 8) admits for (ε, δ) and Δ₂.
/// </summary>
internal static class NoiseMechanism
{
    public const string Laplace = "laplace";
    public const string Gaussian = "gaussian";

    /// <summary>The Laplace scale b = Δ₁ / ε.</summary>
    public static double LaplaceScale(double l1Sensitivity, double epsilon) => l1Sensitivity / epsilon;

    /// <summary>
    /// The smallest σ with Φ(Δ/2σ − εσ/Δ) − e^ε Φ(−Δ/2σ − εσ/Δ) ≤ δ (the left side falls as σ grows), by bisection. Unlike
    /// the classical σ = Δ√(2 ln(1.25/δ))/ε it holds for every ε, not only ε &lt; 1, and is never larger.
    /// </summary>
    public static double GaussianSigma(double l2Sensitivity, double epsilon, double delta)
    {
        double Loss(double sigma) =>
            Normal.CDF(0, 1, l2Sensitivity / (2 * sigma) - epsilon * sigma / l2Sensitivity)
            - Math.Exp(epsilon) * Normal.CDF(0, 1, -l2Sensitivity / (2 * sigma) - epsilon * sigma / l2Sensitivity);
        double lo = 1e-9 * l2Sensitivity, hi = l2Sensitivity;
        while (Loss(hi) > delta)
            hi *= 2;
        for (var i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (Loss(mid) > delta)
                lo = mid;
            else
                hi = mid;
        }

        return hi;
    }
}
