namespace ElasticDuckface.Sweep;

/// <summary>One measure of a sweep against the same measure of a baseline sweep.</summary>
/// <param name="Name">The measure.</param>
/// <param name="BaselineModel">The baseline's growth model.</param>
/// <param name="CurrentModel">This sweep's growth model.</param>
/// <param name="BaselineValue">The baseline's fit evaluated at the compared row count.</param>
/// <param name="CurrentValue">This sweep's fit at the same row count.</param>
/// <param name="Rows">The row count compared at (the prediction's, else the largest measured).</param>
/// <param name="Grew">Whether it grows faster now, or costs more than <see cref="SweepComparison.GrowthTolerance"/> times
/// the baseline there.</param>
public sealed record MeasureChange(string Name, GrowthModel BaselineModel, GrowthModel CurrentModel, double BaselineValue,
    double CurrentValue, double Rows, bool Grew);
