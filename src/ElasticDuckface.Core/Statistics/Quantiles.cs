using MathNet.Numerics.Statistics;

namespace ElasticDuckface.Statistics;

/// <summary>Evenly spaced quantiles (R-7, linear interpolation), through Math.NET's sorted-array statistics.</summary>
public static class Quantiles
{
    /// <summary>The number of points written for large samples: every percentile, minimum and maximum included.</summary>
    public const int Percentiles = 101;

    /// <summary>Quantiles at 0, 1/(points-1), ..., 1 of the values; sorts a copy.</summary>
    public static double[] Compute(IEnumerable<double> values, int points = Percentiles)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
            return [];
        Array.Sort(sorted);
        var result = new double[points];
        for (var i = 0; i < points; i++)
        {
            var tau = (double)i / (points - 1);
            result[i] = i == 0 ? sorted[0]
                : i == points - 1 ? sorted[^1]
                : SortedArrayStatistics.QuantileCustom(sorted, tau, QuantileDefinition.R7);
        }

        return result;
    }

    /// <summary>Rounds to 12 significant digits, so platform noise in the last bits never reaches a profile.</summary>
    public static double Tidy(double value) =>
        value == 0 || double.IsNaN(value) || double.IsInfinity(value)
            ? value
            : double.Parse(value.ToString("G12", System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.CultureInfo.InvariantCulture);
}
