namespace ElasticDuckface.Generation;

/// <summary>
/// A foreign key whose children per parent move in the plan, so its fan-out follows the plan's
/// <see cref="GenerationPlan.Growth"/> model rather than the profiled histogram itself.
/// </summary>
/// <param name="Table">The child table.</param>
/// <param name="ForeignKey">The foreign key's name.</param>
/// <param name="ReferencedTable">The parent table.</param>
/// <param name="Ratio">r: the target's children per parent over the profile's.</param>
public sealed record MovingFanOut(string Table, string ForeignKey, string ReferencedTable, double Ratio);
