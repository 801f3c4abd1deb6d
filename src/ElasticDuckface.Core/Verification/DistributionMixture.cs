using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>
/// A distribution as weighted quantile parts, so distributions of different kinds (a categorical's kept values next to
/// a numeric's quantiles) can be compared and drawn as one CDF.
/// </summary>
public static class DistributionMixture
{
    /// <summary>The parts of its values (numbers, dates as seconds) or of its text lengths; null when it has none of that kind.</summary>
    public static List<(double Weight, IReadOnlyList<double> Quantiles)>? Parts(Distribution d, bool lengths)
    {
        switch (d)
        {
            case NumericDistribution n when !lengths:
                return [(1, n.Quantiles)];
            case DateTimeDistribution dt when !lengths:
                return [(1, DistributionDistance.DateTimeSeconds(dt.Quantiles))];
            case TextDistribution tx when lengths:
                return [(1, tx.Lengths)];
            case CategoricalDistribution c:
                var parts = new List<(double Weight, IReadOnlyList<double> Quantiles)>();
                foreach (var v in c.Values)
                {
                    double? x = lengths ? v.Value.Length : ParseValue(v.Value);
                    if (x is null)
                        return null;
                    parts.Add((v.Frequency, [x.Value]));
                }

                if (c.OtherFraction > 0)
                {
                    if (c.Other is null || Parts(c.Other, lengths) is not { } other)
                        return null;
                    parts.AddRange(other.Select(o => (o.Weight * c.OtherFraction, o.Quantiles)));
                }

                return parts;
            default:
                return null;
        }
    }

    private static double? ParseValue(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return number;
        if (DateTime.TryParseExact(text, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.Ticks / (double)TimeSpan.TicksPerSecond;
        // a kept value of a text column of dates, in its own format
        return TextValueFormat.ParseAny(text);
    }
}
