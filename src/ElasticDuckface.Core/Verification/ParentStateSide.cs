namespace ElasticDuckface.Verification;

/// <summary>A side of a parent's row state (<see cref="Profiles.RowStateProfile"/>).</summary>
public enum ParentStateSide
{
    /// <summary>Parents in the state (the flag column NOT NULL, e.g. soft-deleted).</summary>
    Set,

    /// <summary>Parents not in the state (e.g. live).</summary>
    Unset,
}
