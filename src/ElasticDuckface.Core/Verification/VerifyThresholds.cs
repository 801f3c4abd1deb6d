namespace ElasticDuckface.Verification;

/// <summary>
/// How far a target may drift from its profile before a distance counts as a warning (or, with
/// <see cref="VerifyOptions.Strict"/>, a failure). Defaults and their reasons are in docs/verify.md.
/// </summary>
public sealed record VerifyThresholds
{
    /// <summary>Largest KS distance between the profile's and the target's fan-out distributions (default 0.05).</summary>
    public double MaxFanOutKs { get; init; } = 0.05;

    /// <summary>Largest |ratio of means − 1| of a fan-out, after scaling (default 0.1, i.e. ±10%).</summary>
    public double MaxFanOutMeanError { get; init; } = 0.1;

    /// <summary>Largest column distance: KS (numbers, dates, text lengths), total variation (categories, booleans) or null-fraction
    /// difference (default 0.1).</summary>
    public double MaxColumnDistance { get; init; } = 0.1;

    /// <summary>
    /// Largest |target − profile| of a joint foreign key's fan-out correlation (default 0.2), or the sampling noise
    /// 1.96/√rows when that is larger.
    /// </summary>
    public double MaxJointCorrelationDiff { get; init; } = 0.2;

    /// <summary>
    /// Largest |target − profile| of a learned dependency's measures (state fraction, association, copy share, parent
    /// correlation; default 0.1), or the sampling noise 1.96/√rows when that is larger.
    /// </summary>
    public double MaxDependencyDifference { get; init; } = 0.1;

    /// <summary>
    /// A distance (column values, fan-out KS over its floor, fan-out mean error, joint or dependency difference; not text
    /// lengths) at least this large fails verification even without <see cref="VerifyOptions.Strict"/>, once it is also
    /// over its own threshold (default 0.95: the worst honest value distance measured is 0.931; docs/verify.md).
    /// </summary>
    public double MaxDistanceFail { get; init; } = DefaultMaxDistanceFail;

    /// <summary>The default of <see cref="MaxDistanceFail"/>.</summary>
    public const double DefaultMaxDistanceFail = 0.95;
}
