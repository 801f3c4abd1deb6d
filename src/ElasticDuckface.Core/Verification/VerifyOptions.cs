using ElasticDuckface.Generation;

namespace ElasticDuckface.Verification;

/// <summary>What <see cref="FidelityComparer"/> compares against and how strictly.</summary>
public sealed record VerifyOptions
{
    /// <summary>The plan the target was generated from, giving expected row counts and scale factors; null compares shapes only.</summary>
    public GenerationPlan? Plan { get; init; }

    /// <summary>The thresholds for distances.</summary>
    public VerifyThresholds Thresholds { get; init; } = new();

    /// <summary>Whether a distance over its threshold fails verification instead of warning.</summary>
    public bool Strict { get; init; }
}
