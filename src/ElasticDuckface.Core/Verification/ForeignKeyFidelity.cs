namespace ElasticDuckface.Verification;

/// <summary>How a foreign key's fan-out (children per parent) in the target compares with the profile's.</summary>
public sealed record ForeignKeyFidelity
{
    /// <summary>The constraint name.</summary>
    public required string Name { get; init; }

    /// <summary>The referencing columns.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The parent table.</summary>
    public required string ReferencedTable { get; init; }

    /// <summary>Parent rows on each side.</summary>
    public required SideBySide<long> ParentRows { get; init; }

    /// <summary>Child rows with a non-null reference on each side.</summary>
    public required SideBySide<long> ChildRows { get; init; }

    /// <summary>
    /// Kolmogorov–Smirnov distance between the fan-out distributions. When the target's children per parent differ from
    /// the profile's (<see cref="Normalized"/>), the profile's is first stretched to the target's mean (k → k·r, rounded
    /// half up), the reference the generator allocates against, so the shape is compared.
    /// </summary>
    public double Ks { get; init; }

    /// <summary>
    /// The least KS distance any fan-outs with the target's parent and child counts can have against the same reference:
    /// the resolution limit (CDF steps of 1/parents, whole fan-outs summing to the children). 0 at ×1 and integer scales.
    /// </summary>
    public double KsFloor { get; init; }

    /// <summary><see cref="Ks"/> − <see cref="KsFloor"/> (at least 0): what the threshold and the score judge.</summary>
    public double KsExcess { get; init; }

    /// <summary>Total variation distance between the fan-out histograms; null when <see cref="Normalized"/> (supports differ).</summary>
    public double? TotalVariation { get; init; }

    /// <summary>Whether the profile's fan-outs were stretched to the target's mean before comparing (some fan-out k moved
    /// to round(k·r)).</summary>
    public bool Normalized { get; init; }

    /// <summary>The mean the target should have: profile mean × child factor / parent factor.</summary>
    public double ExpectedMean { get; init; }

    /// <summary>Mean children per parent on each side.</summary>
    public required SideBySide<double> Mean { get; init; }

    /// <summary>Target mean / expected mean (1 is exact).</summary>
    public double MeanRatio { get; init; }

    /// <summary>99th percentile of children per parent on each side.</summary>
    public required SideBySide<long> P99 { get; init; }

    /// <summary>Largest fan-out on each side.</summary>
    public required SideBySide<long> Max { get; init; }

    /// <summary>Fraction of parents without children on each side.</summary>
    public required SideBySide<double> ZeroFraction { get; init; }

    /// <summary>Fraction of child rows with a NULL reference on each side.</summary>
    public required SideBySide<double> NullFraction { get; init; }

    /// <summary>The threshold applied to <see cref="KsExcess"/>: the configured one plus one parent's weight (1 / target parents),
    /// the resolution of the target's CDF.</summary>
    public double KsThreshold { get; init; }

    /// <summary>The status of the worst of KS and mean error.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>A short human note (why not compared, which metric is over), or empty.</summary>
    public string Note { get; init; } = "";
}
