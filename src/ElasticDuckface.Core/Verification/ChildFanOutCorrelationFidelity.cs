using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// Whether a parent busy in one child table is busy in another in the target as in the profile: Spearman's ρ of a
/// recorded pair of foreign keys into this table (<see cref="ChildFanOutCorrelation"/>) on each side.
/// </summary>
public sealed record ChildFanOutCorrelationFidelity
{
    /// <summary>The first foreign key of the pair, as the profile names it.</summary>
    public required ChildForeignKeyReference First { get; init; }

    /// <summary>The second foreign key of the pair.</summary>
    public required ChildForeignKeyReference Second { get; init; }

    /// <summary>Spearman's ρ of the parents' two fan-outs on each side.</summary>
    public required SideBySide<double> Spearman { get; init; }

    /// <summary>|target − profile| of ρ: the distance that counts towards the table score.</summary>
    public double Difference { get; init; }

    /// <summary>The threshold applied: <see cref="ChildFanOutCorrelationComparer.Tolerance"/>, or the sampling noise
    /// 1.96/√parents when that is larger.</summary>
    public double Threshold { get; init; }

    /// <summary>Whether the difference is within its threshold.</summary>
    public MetricStatus Status { get; init; }

    /// <summary>A short human note when over the threshold, or empty.</summary>
    public string Note { get; init; } = "";
}
