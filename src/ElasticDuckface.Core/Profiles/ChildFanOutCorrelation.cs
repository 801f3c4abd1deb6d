namespace ElasticDuckface.Profiles;

/// <summary>
/// Two foreign keys that reference the same parent table (from two child tables, or two keys of one) measured together
/// over the parents: whether a parent busy in one is busy in the other (a customer with many orders has many support
/// tickets). Held by the parent table (<see cref="TableProfile.ChildFanOutCorrelations"/>).
/// </summary>
/// <remarks>
/// Only the pairs whose correlation is meaningful are kept (see docs/profile-format.md, "Busy parents"), the strongest
/// first. Size-free: a rank correlation, no count, so a hidden-size profile keeps it as it is.
/// </remarks>
public sealed record ChildFanOutCorrelation
{
    /// <summary>The first foreign key (the earlier by child table, then constraint name).</summary>
    public required ChildForeignKeyReference First { get; init; }

    /// <summary>The second foreign key.</summary>
    public required ChildForeignKeyReference Second { get; init; }

    /// <summary>
    /// Spearman's rank correlation, over all the parent's rows (zeros included, ties at their mid-rank), between a
    /// parent's fan-out under <see cref="First"/> and under <see cref="Second"/>; 0 when either is constant.
    /// </summary>
    public double Spearman { get; init; }

    /// <summary>Whether this pair names these two keys (by child table and columns, in either order).</summary>
    public bool Names(ChildForeignKeyReference first, ChildForeignKeyReference second) =>
        (First.Matches(first) && Second.Matches(second)) || (First.Matches(second) && Second.Matches(first));
}

/// <summary>Names one foreign key of another table: its child table, constraint name and referencing columns.</summary>
/// <param name="Table">The child table.</param>
/// <param name="Name">The constraint name.</param>
/// <param name="Columns">The referencing columns, in key order.</param>
public sealed record ChildForeignKeyReference(string Table, string Name, IReadOnlyList<string> Columns)
{
    /// <summary>Whether <paramref name="other"/> is the same key: the same child table and columns (names may differ, as a
    /// target's synthesized constraint names do).</summary>
    public bool Matches(ChildForeignKeyReference other) =>
        other is not null && string.Equals(Table, other.Table, StringComparison.OrdinalIgnoreCase)
        && Columns.SequenceEqual(other.Columns, StringComparer.OrdinalIgnoreCase);
}
