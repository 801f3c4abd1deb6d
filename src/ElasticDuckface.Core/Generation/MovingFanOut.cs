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

/// <summary>
/// A foreign key of a key made of two foreign keys whose fan-out the other side's rows cap (a parent has at most one child
/// per parent of the other side), where the profiled histogram at the target's mean would put parents above the cap.
/// </summary>
/// <param name="Table">The child (link) table.</param>
/// <param name="ForeignKey">The foreign key's name.</param>
/// <param name="ReferencedTable">Its parent table.</param>
/// <param name="OtherTable">The other side's parent table, whose target rows are the cap.</param>
/// <param name="Cap">The cap: the other side's target rows.</param>
/// <param name="Parents">The parent's target rows.</param>
/// <param name="CappedParents">Of them, how many the profiled histogram stretched to the target's mean puts above the cap.</param>
/// <param name="Saturated">Whether the reference saturates them by the pair density (growth sample, the other side shrinking)
/// rather than folding them onto the cap.</param>
public sealed record PairCap(string Table, string ForeignKey, string ReferencedTable, string OtherTable, long Cap, long Parents,
    long CappedParents, bool Saturated);
