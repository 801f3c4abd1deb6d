namespace ElasticDuckface.Verification;

/// <summary>
/// Holds a difference against its threshold: the configured minimum, or the sampling noise factor/√rows when that is
/// larger, so a small sample is not blamed for its own noise. Over it is a warning, or a failure under <c>--strict</c>;
/// a difference over it that also reaches <see cref="VerifyThresholds.MaxDistanceFail"/> is broken and fails regardless.
/// </summary>
internal static class ThresholdJudge
{
    /// <summary>The KS critical value factor at a 5% level: a distance below 1.36/√n is indistinguishable from sampling noise.</summary>
    public const double KsNoiseFactor = 1.36;

    /// <summary>The two-sided 5% critical value of a correlation near 0 is about 1.96/√n: smaller differences are sampling noise.</summary>
    public const double CorrelationNoiseFactor = 1.96;

    /// <summary>
    /// The larger of <paramref name="minimum"/> and <paramref name="noiseFactor"/>/√<paramref name="rows"/> (at least one
    /// row), rounded.
    /// </summary>
    public static double Threshold(double minimum, double noiseFactor, long rows) =>
        MetricRounding.Round(Math.Max(minimum, noiseFactor / Math.Sqrt(Math.Max(1, rows))));

    /// <summary>
    /// The threshold and whether <paramref name="difference"/> is within it; <paramref name="recordedNoise"/> is a DP
    /// profile's noise of the measure (a difference within it cannot be told from the noise either).
    /// </summary>
    public static (double Threshold, MetricStatus Status) Judge(
        double difference, double minimum, double noiseFactor, long rows, VerifyOptions options, double recordedNoise = 0)
    {
        var threshold = Math.Max(Threshold(minimum, noiseFactor, rows), MetricRounding.Round(recordedNoise));
        return (threshold, difference <= threshold ? MetricStatus.Ok : Over(difference, options));
    }

    /// <summary>
    /// The status of a metric over its threshold: failed when <paramref name="difference"/> reaches
    /// <see cref="VerifyThresholds.MaxDistanceFail"/> (broken, not drifted) or under <c>--strict</c>, else a warning.
    /// </summary>
    public static MetricStatus Over(double difference, VerifyOptions options) =>
        options.Strict || Broken(difference, options.Thresholds) ? MetricStatus.Failed : MetricStatus.Warning;

    /// <summary>Whether <paramref name="difference"/> reaches the hard limit <see cref="VerifyThresholds.MaxDistanceFail"/>.</summary>
    public static bool Broken(double difference, VerifyThresholds thresholds) =>
        MetricRounding.Round(difference) >= thresholds.MaxDistanceFail;
}
