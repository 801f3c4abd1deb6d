namespace ElasticDuckface.Verification;

/// <summary>Which check or metric a <see cref="FidelityProblem"/> is about.</summary>
public enum FidelityCheck
{
    /// <summary>
    /// A hard integrity check (<see cref="FidelityProblem.HardCheck"/> says which); measured is what was found, threshold
    /// what was expected.
    /// </summary>
    HardCheck,

    /// <summary>The shape of a fan-out: KS over its floor against <see cref="ForeignKeyFidelity.KsThreshold"/>.</summary>
    FanOutShape,

    /// <summary>The mean of a fan-out: |target / expected mean − 1| against <see cref="VerifyThresholds.MaxFanOutMeanError"/>.</summary>
    FanOutMean,

    /// <summary>
    /// The shape of a fan-out over the parents on one side of their row state: KS over its floor against
    /// <see cref="ParentStateFanOutFidelity.KsThreshold"/>.
    /// </summary>
    ParentStateFanOutShape,

    /// <summary>
    /// The mean of a fan-out over the parents on one side of their row state against the generator's split of the target's
    /// children: |target / expected mean − 1| against <see cref="VerifyThresholds.MaxFanOutMeanError"/>.
    /// </summary>
    ParentStateFanOutMean,

    /// <summary>The difference of a pair of foreign keys' fan-out correlation.</summary>
    JointFanOutCorrelation,

    /// <summary>The difference of a parent's busy-parent rank correlation between two of its foreign keys
    /// (<see cref="ChildFanOutCorrelationFidelity"/>).</summary>
    ChildFanOutCorrelation,

    /// <summary>A column's distribution distance (<see cref="ColumnFidelity.Metric"/>).</summary>
    ColumnDistribution,

    /// <summary>
    /// A column whose profiled numbers or dates no longer parse in the target (<see cref="ColumnFidelity.ValuesUnusable"/>):
    /// always a failure, measured 1.
    /// </summary>
    ColumnValues,

    /// <summary>A column's NULL-fraction difference.</summary>
    ColumnNullFraction,

    /// <summary>A learned dependency's measure (<see cref="FidelityProblem.Dependency"/> says which).</summary>
    Dependency,
}
