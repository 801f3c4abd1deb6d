namespace ElasticDuckface.Sweep;

/// <summary>
/// One model fitted to a measure: y ≈ <see cref="Intercept"/> + <see cref="Slope"/>·f(n), both non-negative, with its
/// goodness.
/// </summary>
/// <param name="Model">The growth model.</param>
/// <param name="Intercept">a: the fixed part of the cost (≥ 0).</param>
/// <param name="Slope">b: the part that grows with f(n) (≥ 0; 0 for <see cref="GrowthModel.Constant"/>).</param>
/// <param name="RelativeError">The root mean square of (measured − fitted) / measured over the points: 0.05 means the
/// fit is typically 5 % off. The fit rule compares models by it.</param>
/// <param name="RSquared">The weighted R² (1 − residual / total variation around the weighted mean; 0 for a constant
/// fit, 1 for a perfect one, 1 when the measure does not vary).</param>
public sealed record GrowthFit(GrowthModel Model, double Intercept, double Slope, double RelativeError, double RSquared)
{
    /// <summary>The fitted value at row count <paramref name="n"/>.</summary>
    public double Predict(double n) => Model == GrowthModel.Constant ? Intercept : Intercept + (Slope * Model.Basis(n));
}
