namespace ElasticDuckface.Verification;

/// <summary>The overall outcome of a verification.</summary>
public enum Verdict
{
    /// <summary>Every hard check passed and every distance is within its threshold.</summary>
    Faithful,

    /// <summary>Every hard check passed; some distances are over their thresholds (not failing without --strict).</summary>
    FaithfulWithWarnings,

    /// <summary>A hard check failed, or a distance is over its threshold under --strict.</summary>
    Failed,
}
