using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// How a pair of a table's foreign keys co-occurs in the target compared with the profile: the correlation of the
/// fan-outs of a row's two parents (<see cref="JointForeignKeyProfile.FanOutCorrelation"/>) on each side.
/// </summary>
public sealed record JointForeignKeyFidelity
{
    /// <summary>The first foreign key of the pair, as the profile names it.</summary>
    public required ForeignKeyReference First { get; init; }

    /// <summary>The second foreign key of the pair.</summary>
    public required ForeignKeyReference Second { get; init; }

    /// <summary>Child rows with both references set, on each side.</summary>
    public required SideBySide<long> Rows { get; init; }

    /// <summary>Pearson correlation of the two parents' fan-outs on each side.</summary>
    public required SideBySide<double> FanOutCorrelation { get; init; }

    /// <summary>|target − profile| of the correlation: the distance that counts towards the table score.</summary>
    public double Difference { get; init; }

    /// <summary>
    /// The threshold applied: the configured one, the sampling noise 1.96/√rows or a DP profile's recorded noise
    /// (<see cref="Profiles.JointForeignKeyProfile.FanOutCorrelationNoise"/>), whichever is the largest.
    /// </summary>
    public double Threshold { get; init; }

    /// <summary>Whether the difference is within its threshold.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>A short human note when over the threshold, or empty.</summary>
    public string Note { get; init; } = "";
}
