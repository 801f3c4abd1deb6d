namespace ElasticDuckface.Verification;

/// <summary>How one column's distribution in the target compares with the profile's.</summary>
public sealed record ColumnFidelity
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>The profile's distribution kind (<c>numeric</c>, <c>categorical</c>, ...).</summary>
    public required DistributionKind Kind { get; init; }

    /// <summary>The target's distribution kind.</summary>
    public required DistributionKind TargetKind { get; init; }

    /// <summary>The distribution metric: <c>ks</c> (numbers, dates), <c>lengthKs</c> (text, binary),
    /// <c>totalVariation</c> (categories, booleans) or <c>none</c>.</summary>
    public required ColumnMetric Metric { get; init; }

    /// <summary>The distribution distance, or null when not compared.</summary>
    public double? DistributionDistance { get; init; }

    /// <summary>NULL fraction on each side.</summary>
    public required SideBySide<double> NullFraction { get; init; }

    /// <summary>|target − profile| NULL fraction.</summary>
    public double NullFractionDifference { get; init; }

    /// <summary>The larger of the distribution distance and the NULL-fraction difference: what is judged and scored.</summary>
    public double Distance { get; init; }

    /// <summary>
    /// The threshold applied: the configured one, or the sampling noise floor 1.36/√n of a KS test at 5% for the n
    /// non-null target rows measured, whichever is larger.
    /// </summary>
    public double Threshold { get; init; }

    /// <summary>Whether <see cref="Distance"/> is within <see cref="Threshold"/>.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>
    /// True when the profile holds numbers or dates and the target's values no longer parse as such (e.g. lorem text
    /// where dates were): the values are unusable, so the column fails whatever its distance; absent otherwise.
    /// </summary>
    public bool? ValuesUnusable { get; init; }

    /// <summary>A short human note, or empty.</summary>
    public string Note { get; init; } = "";
}
