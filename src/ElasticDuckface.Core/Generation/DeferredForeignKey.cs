namespace ElasticDuckface.Generation;

/// <summary>
/// A foreign key left out of the table order to break a cycle. Writers load with FK checks off and the generator
/// computes a child's FK values from the parent's row index, so no second UPDATE pass is needed.
/// </summary>
/// <param name="Table">The child table.</param>
/// <param name="ForeignKey">The constraint name.</param>
/// <param name="ReferencedTable">The parent table, which comes after the child in the order.</param>
/// <param name="Nullable">Whether every referencing column is nullable.</param>
public sealed record DeferredForeignKey(string Table, string ForeignKey, string ReferencedTable, bool Nullable);
