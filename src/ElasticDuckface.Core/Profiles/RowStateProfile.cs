namespace ElasticDuckface.Profiles;

/// <summary>
/// A learned column dependency: a row state, flagged by one nullable column being set, that other columns of the row
/// (and the rows of child tables) depend on. Nova's soft delete is the model: <c>deleted_at</c> is set, and with it
/// <c>deleted = id</c>, <c>vm_state = 'deleted'</c>, <c>terminated_at</c>; a soft-deleted instance's children are
/// soft-deleted too.
/// </summary>
/// <remarks>
/// <para>The profiler picks, per table, the nullable non-key column whose NULL/NOT NULL split changes the other columns'
/// distributions the most (total variation ≥ <see cref="ProfileSettings.DependencyThreshold"/> for at least one
/// column), from the same sample the column statistics come from. The conditioned columns then have one distribution
/// per side; the others keep their single distribution. See docs/profile-format.md, "Row state".</para>
/// </remarks>
public sealed record RowStateProfile
{
    /// <summary>The flag column: a row is in the state when this column is NOT NULL.</summary>
    public required string Column { get; init; }

    /// <summary>The fraction of rows in the state (1 − the flag column's null fraction).</summary>
    public double Fraction { get; init; }

    /// <summary>The columns whose distribution depends on the state, in the table's column order.</summary>
    public required IReadOnlyList<ConditionalColumnProfile> Columns { get; init; }

    /// <summary>For each foreign key into a table that has a row state too: the child's state given its parent's.</summary>
    public IReadOnlyList<ParentStateProfile> Parents { get; init; } = [];
}

/// <summary>One column's distribution on each side of a <see cref="RowStateProfile"/>.</summary>
public sealed record ConditionalColumnProfile
{
    /// <summary>The column.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// How strongly the column depends on the state: the total variation distance between its value distribution in
    /// the state and out of it (0 independent, 1 disjoint), over a signature of each value (NULL, equal to another
    /// column of the row, the value itself when few distinct, else its decile), less what chance alone would show on
    /// samples of the same sizes.
    /// </summary>
    public double Association { get; init; }

    /// <summary>
    /// Under <c>profile --epsilon</c>: the half-width of the 95% interval of the differential-privacy noise added to
    /// <see cref="Association"/> (1 or more: the noise drowned it, the value is a clamped draw); null (not written) for an
    /// exact association. Verify widens the measure's threshold to it.
    /// </summary>
    public double? AssociationNoise { get; init; }

    /// <summary>The column's statistics over the rows in the state.</summary>
    public required ColumnStatistics WhenSet { get; init; }

    /// <summary>The column's statistics over the rows not in the state.</summary>
    public required ColumnStatistics WhenUnset { get; init; }
}

/// <summary>Child-given-parent: how a child's row state follows its parent's, over one foreign key.</summary>
public sealed record ParentStateProfile
{
    /// <summary>The foreign key to the parent (whose table has a row state).</summary>
    public required ForeignKeyReference ForeignKey { get; init; }

    /// <summary>Child rows whose parent exists (the reference is not NULL): the rows measured.</summary>
    public long Rows { get; init; }

    /// <summary>The fraction of those rows whose parent is in its state.</summary>
    public double ParentSetFraction { get; init; }

    /// <summary>P(child in its state | parent in its state); the child's overall share when no parent is.</summary>
    public double SetGivenParentSet { get; init; }

    /// <summary>P(child in its state | parent not in its state); the child's overall share when every parent is.</summary>
    public double SetGivenParentUnset { get; init; }

    /// <summary>The phi coefficient (Pearson's r of the two 0/1 flags) over <see cref="Rows"/>.</summary>
    public double Correlation { get; init; }
}
