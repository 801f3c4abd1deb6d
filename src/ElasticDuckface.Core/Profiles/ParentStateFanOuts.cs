namespace ElasticDuckface.Profiles;

/// <summary>
/// A foreign key's fan-out on each side of the parent's row state (<see cref="RowStateProfile"/>): how many children
/// the parents in the state have, and how many those out of it have. Nova's deleted instances carry their whole history
/// of actions, live ones mostly their <c>create</c>; one histogram over both gives a deleted instance a live one's
/// fan-out.
/// </summary>
public sealed record ParentStateFanOuts
{
    /// <summary>The parent's row-state flag column (a parent is in the state when it is NOT NULL).</summary>
    public required string Column { get; init; }

    /// <summary>The fan-out over the parents in the state.</summary>
    public required StateFanOut Set { get; init; }

    /// <summary>The fan-out over the parents not in the state.</summary>
    public required StateFanOut Unset { get; init; }

    /// <summary>The side of <paramref name="set"/>.</summary>
    public StateFanOut Side(bool set) => set ? Set : Unset;
}

/// <summary>The fan-out over the parents on one side of their row state, zeros included.</summary>
public sealed record StateFanOut
{
    /// <summary>Parent rows on this side.</summary>
    public long ParentRows { get; init; }

    /// <summary>Child rows whose parent is on this side.</summary>
    public long ChildRows { get; init; }

    /// <summary>Mean children per parent of this side (zeros included).</summary>
    public double Mean { get; init; }

    /// <summary>Largest number of children of one parent of this side.</summary>
    public long Max { get; init; }

    /// <summary>The histogram, sorted by <see cref="FanOutBin.Children"/>, zeros included; bins with no parent are left out.</summary>
    public required IReadOnlyList<FanOutBin> Histogram { get; init; }
}
