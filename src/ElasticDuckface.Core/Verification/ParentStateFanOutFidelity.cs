namespace ElasticDuckface.Verification;

/// <summary>
/// How a foreign key's fan-out over the parents on one side of their row state compares in the target with the
/// profile's (<see cref="Profiles.FanOutStatistics.ByParentState"/>): its shape, and its mean against the one the
/// target's own parents per side and children call for.
/// </summary>
public sealed record ParentStateFanOutFidelity
{
    /// <summary>The foreign key's constraint name.</summary>
    public required string Name { get; init; }

    /// <summary>The referencing columns.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The parent table.</summary>
    public required string ReferencedTable { get; init; }

    /// <summary>The parent's row-state flag column.</summary>
    public required string StateColumn { get; init; }

    /// <summary>Which side of the parent's state.</summary>
    public ParentStateSide Side { get; init; }

    /// <summary>Parent rows on this side, on each side of the comparison.</summary>
    public required SideBySide<long> ParentRows { get; init; }

    /// <summary>Child rows under those parents.</summary>
    public required SideBySide<long> ChildRows { get; init; }

    /// <summary>KS distance to the profile's side histogram, grown or thinned to the target's counts of this side.</summary>
    public double Ks { get; init; }

    /// <summary>The least KS any fan-outs of this side's target counts can have.</summary>
    public double KsFloor { get; init; }

    /// <summary><see cref="Ks"/> − <see cref="KsFloor"/> (at least 0): what the threshold and the score judge.</summary>
    public double KsExcess { get; init; }

    /// <summary>The threshold applied to <see cref="KsExcess"/>: the configured one plus 1 / this side's target parents.</summary>
    public double KsThreshold { get; init; }

    /// <summary>
    /// The mean this side should have: the target's children under both sides split as the generator splits them (parents ×
    /// profiled side mean), over this side's target parents.
    /// </summary>
    public double ExpectedMean { get; init; }

    /// <summary>Mean children per parent of this side, on each side of the comparison.</summary>
    public required SideBySide<double> Mean { get; init; }

    /// <summary>Target mean / expected mean (1 is exact).</summary>
    public double MeanRatio { get; init; }

    /// <summary>The status of the worse of KS and mean error.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>A short human note when a measure is over its threshold, or empty.</summary>
    public string Note { get; init; } = "";
}
