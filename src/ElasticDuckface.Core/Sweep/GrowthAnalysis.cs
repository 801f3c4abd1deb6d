namespace ElasticDuckface.Sweep;

/// <summary>Every model fitted to one measure, and the one the rule picked.</summary>
/// <param name="Best">The model the rule picked (<see cref="GrowthFitter"/>; docs/sweep.md "The fit rule").</param>
/// <param name="Candidates">Every model, in <see cref="GrowthModel"/> order.</param>
public sealed record GrowthAnalysis(GrowthFit Best, IReadOnlyList<GrowthFit> Candidates)
{
    /// <summary>Whether the picked model grows faster than linearly.</summary>
    public bool SuperLinear => Best.Model.IsSuperLinear();
}
