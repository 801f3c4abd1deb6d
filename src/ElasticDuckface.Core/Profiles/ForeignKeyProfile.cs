namespace ElasticDuckface.Profiles;

/// <summary>
/// A foreign key (child → parent) and, once profiled, its fan-out: declared by the source, or a reference the source does not
/// declare that <c>profile --infer-fks</c> found (or a review file added), with <see cref="Declared"/> false.
/// </summary>
public sealed record ForeignKeyProfile
{
    /// <summary>The constraint name (dialect-specific; synthesized when the source has none).</summary>
    public required string Name { get; init; }

    /// <summary>The referencing columns of the child table, in key order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The parent table.</summary>
    public required string ReferencedTable { get; init; }

    /// <summary>The referenced parent columns, in key order.</summary>
    public required IReadOnlyList<string> ReferencedColumns { get; init; }

    /// <summary>ON DELETE rule, e.g. <c>NO ACTION</c> or <c>CASCADE</c>.</summary>
    public string? OnDelete { get; init; }

    /// <summary>ON UPDATE rule.</summary>
    public string? OnUpdate { get; init; }

    /// <summary>
    /// False for a reference the source does not declare (inferred from data and names, or added by a review file): it is
    /// generated and checked like a declared one (children point at existing parents, verify counts orphans) but no writer
    /// creates a constraint for it. Left out of the JSON when true.
    /// </summary>
    public bool Declared { get; init; } = true;

    /// <summary>
    /// The fewest children every parent must have (an invoice has at least one line), declared by a review file's
    /// <c>min</c> line because a sample cannot tell it: generation gives every parent at least this many, the planner
    /// refuses counts that cannot, and verify counts the parents below it. 0 (no minimum) is left out of the JSON.
    /// </summary>
    public int MinChildren { get; init; }

    /// <summary>Measured fan-out; null in a schema that was read but not profiled.</summary>
    public FanOutStatistics? Stats { get; init; }
}

/// <summary>
/// The fan-out (degree) distribution of a foreign key over all parent rows, zeros included:
/// for each k, how many parent rows have exactly k child rows.
/// </summary>
public sealed record FanOutStatistics
{
    /// <summary>Number of parent rows (with hidden sizes: 0 and not written, as <see cref="ChildRows"/>).</summary>
    public long ParentRows { get; init; }

    /// <summary>Number of child rows whose reference is not NULL (and so points at a parent).</summary>
    public long ChildRows { get; init; }

    /// <summary>Fraction of child rows whose reference is NULL (any referencing column NULL).</summary>
    public double NullFraction { get; init; }

    /// <summary>Fraction of parent rows with no child.</summary>
    public double ZeroFraction { get; init; }

    /// <summary>Mean children per parent (zeros included).</summary>
    public double Mean { get; init; }

    /// <summary>99th percentile of children per parent.</summary>
    public long P99 { get; init; }

    /// <summary>Largest number of children of one parent.</summary>
    public long Max { get; init; }

    /// <summary>The histogram, sorted by <see cref="FanOutBin.Children"/>, zeros included; bins with no parent are left out.</summary>
    public required IReadOnlyList<FanOutBin> Histogram { get; init; }

    /// <summary>
    /// The same fan-out split by the parent's row state (e.g. a soft-deleted instance has more actions than a live one),
    /// when the parent table has one; null otherwise, and in profiles written before it was measured (which generate
    /// from <see cref="Histogram"/> alone, as before).
    /// </summary>
    public ParentStateFanOuts? ByParentState { get; init; }

    /// <summary>
    /// How the children of one parent cluster along the child's other reference paths (<see cref="FanOutClusters"/>), one
    /// entry per ancestor, when the profile measured it (<see cref="ProfileSettings.FanOutClusters"/>); null otherwise, and
    /// in profiles written before it was measured (which generate from <see cref="Histogram"/> alone, as before).
    /// </summary>
    public IReadOnlyList<FanOutClusters>? Clusters { get; init; }
}

/// <summary>One histogram bin: <paramref name="Parents"/> parent rows have exactly <paramref name="Children"/> children.</summary>
/// <remarks>With hidden sizes the bin holds <see cref="Share"/> instead of <paramref name="Parents"/> (then 0 and not written).</remarks>
public sealed record FanOutBin(long Children, long Parents = 0)
{
    /// <summary>With hidden sizes: the share of the parent rows in this bin (with noise); null otherwise.</summary>
    public double? Share { get; init; }
}
