namespace ElasticDuckface.Verification;

/// <summary>
/// One learned dependency (a table's row state, <see cref="Profiles.RowStateProfile"/>) measured in the target against
/// the profile.
/// </summary>
public sealed record DependencyFidelity
{
    /// <summary>
    /// What is compared: <c>stateFraction</c> (share of rows in the state), <c>association</c> (how strongly a column
    /// depends on the state), <c>whenSet</c>/<c>whenUnset</c> (a conditioned column's distribution on one side, as a
    /// distance), <c>sameAs</c> (share of rows whose value equals the copied column) or <c>parent</c> (phi correlation of
    /// a child's state with its parent's).
    /// </summary>
    public required DependencyKind Kind { get; init; }

    /// <summary>What the measure is about, e.g. <c>deleted_at</c>, <c>vm_state</c>, <c>deleted = id</c>,
    /// <c>instance_uuid → instances</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The measure in the profile and in the target (for <c>whenSet</c>/<c>whenUnset</c>: 0 and the distance).</summary>
    public required SideBySide<double> Value { get; init; }

    /// <summary>|target − profile|.</summary>
    public double Difference { get; init; }

    /// <summary>
    /// The threshold used: <see cref="VerifyThresholds.MaxDependencyDifference"/>, the sampling noise or a DP profile's recorded
    /// noise of the measure (<see cref="Profiles.ConditionalColumnProfile.AssociationNoise"/>), whichever is the largest.
    /// </summary>
    public double Threshold { get; init; }

    /// <summary>Ok, or warning/failed (strict) when <see cref="Difference"/> exceeds <see cref="Threshold"/>.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>Why the status is not ok; empty otherwise.</summary>
    public string Note { get; init; } = "";
}
