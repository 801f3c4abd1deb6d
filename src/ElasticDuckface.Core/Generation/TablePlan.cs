namespace ElasticDuckface.Generation;

/// <summary>One table's place in a <see cref="GenerationPlan"/>: how many rows, and why.</summary>
/// <param name="Name">The table name.</param>
/// <param name="SourceRows">The profiled row count (with hidden sizes: relative size × the anchors' unit, see
/// <see cref="GenerationPlan.SizeUnit"/>).</param>
/// <param name="TargetRows">The number of rows to generate: <c>round(SourceRows × Factor)</c>, midpoints away from zero,
/// unless the plan had to raise a parent to 1 row or cap an impossible key (then <paramref name="Reason"/> says so).</param>
/// <param name="Factor">The scale factor applied.</param>
/// <param name="Rule">The rule that gave the factor.</param>
/// <param name="InheritedFrom">The parent table the factor came from, when <paramref name="Rule"/> is
/// <see cref="ScaleRule.Inherited"/>.</param>
/// <param name="Reason">A one-line human explanation, as <c>--dry-run</c> prints it.</param>
public sealed record TablePlan(
    string Name,
    long SourceRows,
    long TargetRows,
    double Factor,
    ScaleRule Rule,
    string? InheritedFrom,
    string Reason)
{
    /// <summary>With a hidden-size profile: the table's relative size, which gave <see cref="SourceRows"/>; null otherwise.</summary>
    public double? RelativeSize { get; init; }

    /// <summary>Whether the plan raised (a parent needed by children) or capped (an impossible key) the rounded count.</summary>
    public bool Adjusted { get; init; }
}
