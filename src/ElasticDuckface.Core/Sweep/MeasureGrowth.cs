namespace ElasticDuckface.Sweep;

/// <summary>How one measure grew over the sweep's scales, and its value predicted at <c>--predict</c>.</summary>
/// <param name="Name">The measure (<see cref="SweepMeasures"/> or a server counter).</param>
/// <param name="Fit">The models fitted to its medians and the one picked.</param>
/// <param name="Predicted">The picked model's value at the prediction's row count, or null without <c>--predict</c>.</param>
public sealed record MeasureGrowth(string Name, GrowthAnalysis Fit, double? Predicted)
{
    /// <summary>Whether it grows faster than linearly.</summary>
    public bool SuperLinear => Fit.SuperLinear;
}
