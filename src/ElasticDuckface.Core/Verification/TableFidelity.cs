namespace ElasticDuckface.Verification;

/// <summary>One table's fidelity: row counts, score, and the metrics of its foreign keys and columns.</summary>
public sealed record TableFidelity
{
    /// <summary>The table name (as the profile spells it).</summary>
    public required string Name { get; init; }

    /// <summary>Whether the target has the table.</summary>
    public bool Present { get; init; }

    /// <summary>Rows in the profile.</summary>
    public long ProfileRows { get; init; }

    /// <summary>Rows in the target.</summary>
    public long TargetRows { get; init; }

    /// <summary>Rows the plan expects, when verifying against a plan.</summary>
    public long? ExpectedRows { get; init; }

    /// <summary>1 − the worst distance of the table (fan-out KS, fan-out mean error capped at 1, joint fan-out correlation
    /// differences, column distances); 0 for a missing table.</summary>
    public double Score { get; init; }

    /// <summary>What gave the worst distance, e.g. <c>column Milliseconds (ks)</c>; empty when nothing differs.</summary>
    public string Worst { get; init; } = "";

    /// <summary>Whether a hard check of this table failed.</summary>
    public bool HardCheckFailed { get; init; }

    /// <summary>The table's foreign keys, sorted by name.</summary>
    public required IReadOnlyList<ForeignKeyFidelity> ForeignKeys { get; init; }

    /// <summary>Pairs of the table's foreign keys, in the profile's order: the correlation of a row's parents' fan-outs.</summary>
    public IReadOnlyList<JointForeignKeyFidelity> JointForeignKeys { get; init; } = [];

    /// <summary>
    /// For a parent table: its profiled busy-parent correlations (pairs of foreign keys into it whose fan-outs correlate),
    /// in the profile's order. Left out of the JSON when empty.
    /// </summary>
    public IReadOnlyList<ChildFanOutCorrelationFidelity> ChildFanOutCorrelations { get; init; } = [];

    /// <summary>
    /// The fan-out of the table's foreign keys per side of the parent's row state, where the profile has it: by key name,
    /// the set side first. Left out of the JSON when empty.
    /// </summary>
    public IReadOnlyList<ParentStateFanOutFidelity> ParentStateFanOuts { get; init; } = [];

    /// <summary>The table's columns, in declared order.</summary>
    public required IReadOnlyList<ColumnFidelity> Columns { get; init; }

    /// <summary>The table's learned dependencies (its row state), measured in the target; empty when the profile has none.</summary>
    public IReadOnlyList<DependencyFidelity> Dependencies { get; init; } = [];
}
