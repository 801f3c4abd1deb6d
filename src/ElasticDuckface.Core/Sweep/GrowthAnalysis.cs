namespace ElasticDuckface.Sweep;

/// <summary>Every model fitted to one measure, and the one the rule picked.</summary>
/// <param name="Best">The model the rule picked (<see cref="GrowthFitter"/>; docs/sweep.md "The fit rule").</param>
/// <param name="Candidates">Every model, in <see cref="GrowthModel"/> order.</param>
public sealed record GrowthAnalysis(GrowthFit Best, IReadOnlyList<GrowthFit> Candidates)
{
    /// <summary>A pick more than this far off (relative error) describes the measure poorly: none of the models does.</summary>
    public const double PoorFit = 0.25;

    /// <summary>
    /// Whether even the pick is more than <see cref="PoorFit"/> off, typically a counter that stays 0 until a buffer fills:
    /// its growth and prediction are not to be trusted (the table and the report say so).
    /// </summary>
    public bool Poor => Best.RelativeError > PoorFit;

    /// <summary>Whether the picked model grows faster than linearly.</summary>
    public bool SuperLinear => Best.Model.IsSuperLinear();
}
