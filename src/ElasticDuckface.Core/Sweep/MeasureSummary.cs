namespace ElasticDuckface.Sweep;

/// <summary>One measure over the repeats of one scale: the median (what is fitted) and the spread.</summary>
/// <param name="Median">The median over the repeats.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record MeasureSummary(double Median, double Min, double Max)
{
    /// <summary>The summary of the values of the repeats.</summary>
    /// <exception cref="ArgumentException">No value.</exception>
    public static MeasureSummary Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("A summary needs at least one value.", nameof(values));
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new MeasureSummary(median, sorted[0], sorted[^1]);
    }
}
