using System.Globalization;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Turns a column's (sampled) values into <see cref="ColumnStatistics"/>. Values arrive normalised by category:
/// numbers (Integer, Decimal, Float, Year, Time in seconds) as <see cref="double"/> (integers beyond 2^53 as an exact
/// <see cref="decimal"/>), Boolean as <see cref="bool"/>,
/// Date/DateTime as <see cref="DateTime"/>, Binary as <see cref="byte"/>[], everything else as <see cref="string"/>;
/// NULL as null.
/// </summary>
public static class ColumnAnalyzer
{
    /// <summary>The ISO-8601 format of datetime quantiles.</summary>
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private const int TextLengthPoints = 21;

    /// <summary>A public column keeps up to this many distinct values verbatim (even if each is unique); beyond, its shape.</summary>
    public const int PublicMaxValues = 1000;

    /// <summary>Computes the statistics of one column.</summary>
    /// <param name="column">The column's schema.</param>
    /// <param name="values">The values of every sampled row, NULLs included.</param>
    /// <param name="tableRows">Rows in the whole table (the sample may be smaller).</param>
    /// <param name="settings">Category thresholds.</param>
    /// <param name="sequence">For a dense integer key, its exact (min, max): the column is then a sequence.</param>
    public static ColumnStatistics Analyze(ColumnProfile column, IReadOnlyList<object?> values, long tableRows, ProfileSettings settings,
        (long Min, long Max)? sequence = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(settings);
        var nonNull = values.Where(v => v is not null).Select(v => v!).ToList();
        var nullFraction = values.Count == 0 ? 0 : Quantiles.Tidy((double)(values.Count - nonNull.Count) / values.Count);
        var counts = CountValues(nonNull);
        var sampled = values.Count < tableRows;
        var distinct = EstimateDistinct(counts.Count, nonNull.Count, values.Count, tableRows, sampled);

        if (sequence is { } seq && nonNull.Count > 0)
            return new ColumnStatistics
            {
                NullFraction = nullFraction, DistinctCount = distinct, Distribution = new SequenceDistribution(seq.Min, seq.Max)
            };

        return new ColumnStatistics
        {
            NullFraction = nullFraction,
            DistinctCount = distinct,
            Distribution = nonNull.Count == 0 ? new EmptyDistribution() : Describe(column, nonNull, counts, settings),
        };
    }

    private static Distribution Describe(ColumnProfile column, List<object> nonNull, Dictionary<string, (object Value, long Count)> counts,
        ProfileSettings settings)
    {
        var marking = column.Privacy ?? ColumnPrivacy.Default;
        // public (privacy file): every value may be kept verbatim and quantiles are exact, as with k = 1
        if (marking == ColumnPrivacy.Public)
            settings = settings with { MinCount = 1, ExactQuantiles = false };
        // confidential: no value at all, not even a frequent one; a k above the row count leaves shapes and coarse ranges only
        var confidential = marking == ColumnPrivacy.Confidential;
        if (column.Category == ColumnCategory.Boolean || nonNull.All(v => v is bool))
        {
            // fewer than k values: the share would tell each row's value (issue 9), so only the shape is kept
            if (confidential || nonNull.Count < settings.QuantileMinCount)
                return new BooleanDistribution(0.5);
            var trues = nonNull.Count(v => v is true || (v is double d && d != 0));
            return new BooleanDistribution(Quantiles.Tidy((double)trues / nonNull.Count));
        }

        if (confidential)
            return Shape(column, nonNull, nonNull.Count + 1);
        var enumLike = column.Category is ColumnCategory.Enum or ColumnCategory.Set;
        var categorical = enumLike
            || (column.Category != ColumnCategory.Binary && counts.Count <= settings.MaxCategories && counts.Count * 2 <= nonNull.Count)
            || (marking == ColumnPrivacy.Public && column.Category != ColumnCategory.Binary && counts.Count <= PublicMaxValues);
        if (!categorical)
            return Structure(column, nonNull, settings) ?? Shape(column, nonNull, settings.QuantileMinCount);

        // ENUM/SET members are schema, not data: all of them may be kept. Other values only when frequent enough.
        var kept = counts.Values.Where(c => enumLike || c.Count >= settings.MinCount).ToList();
        var keptValues = new HashSet<object>(kept.Select(k => k.Value), ValueComparer.Instance);
        var rest = kept.Count == counts.Count ? [] : nonNull.Where(v => !keptValues.Contains(v)).ToList();
        var n = (double)nonNull.Count;
        return new CategoricalDistribution
        {
            Values = kept.Select(k => new CategoryFrequency(Key(k.Value), Quantiles.Tidy(k.Count / n)))
                .OrderBy(v => v.Value, StringComparer.Ordinal).ToList(),
            OtherFraction = Quantiles.Tidy(rest.Count / n),
            Other = rest.Count == 0 ? null : Shape(column, rest, settings.QuantileMinCount),
        };
    }

    /// <summary>The distribution of values that are not a table's column (the leaves of JSON documents), by the same rules.</summary>
    internal static Distribution DescribeValues(ColumnProfile column, List<object> nonNull, ProfileSettings settings) =>
        nonNull.Count == 0 ? new EmptyDistribution() : Describe(column, nonNull, CountValues(nonNull), settings);

    /// <summary>
    /// JSON documents (a JSON column, or text that holds JSON objects and arrays) by their structure, so generated ones
    /// parse and have the keys an application reads; null for other values.
    /// </summary>
    private static JsonDistribution? Structure(ColumnProfile column, List<object> values, ProfileSettings settings)
    {
        if (column.Category is not (ColumnCategory.Json or ColumnCategory.Text or ColumnCategory.String) || !values.All(v => v is string))
            return null;
        return JsonStructureAnalyzer.TryDescribe(values.Cast<string>().ToList(), settings);
    }

    /// <summary>A distribution without verbatim values; every quantile respects k (<see cref="ValueProtection"/>).</summary>
    private static Distribution Shape(ColumnProfile column, List<object> values, int k)
    {
        if (Textual(column, values, k) is { } textual)
            return textual;
        if (values.All(v => v is double or decimal))
        {
            // an integer beyond 2^53 arrives exact (decimal) for its distinct count and categorical text; its quantiles are doubles
            var numbers = values.Select(v => v is decimal m ? (double)m : (double)v).ToArray();
            var quantiles = ValueProtection.NumericQuantiles(numbers, Quantiles.Percentiles, k);
            double mean, std;
            if (k > 1 && numbers.Length < 2 * k - 1)
            {
                // too few rows for any quantile: the moments come from the coarse range, not from the rows
                (mean, std) = ((quantiles[0] + quantiles[^1]) / 2, (quantiles[^1] - quantiles[0]) / Math.Sqrt(12));
            }
            else
            {
                mean = MathNet.Numerics.Statistics.Statistics.Mean(numbers);
                std = numbers.Length > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(numbers) : 0;
            }

            return new NumericDistribution
            {
                Integer = numbers.All(x => Math.Abs(x - Math.Round(x)) < 1e-9),
                Mean = ValueProtection.Statistic(mean, numbers, k),
                StdDev = ValueProtection.Number(std, k),
                Quantiles = quantiles,
            };
        }

        if (values.All(v => v is DateTime))
        {
            var q = ValueProtection.DateTimeQuantiles(values.Select(v => (DateTime)v).ToArray(), Quantiles.Percentiles, k);
            return new DateTimeDistribution
            {
                HasTime = values.Any(v => ((DateTime)v).TimeOfDay != TimeSpan.Zero),
                Quantiles = q.Select(t => t.ToString(DateTimeFormat, CultureInfo.InvariantCulture)).ToList(),
            };
        }

        if (values.All(v => v is byte[]))
        {
            var lengths = values.Select(v => (double)((byte[])v).Length).ToArray();
            return new BinaryDistribution { Lengths = ValueProtection.NumericQuantiles(lengths, TextLengthPoints, k, coarsen: false) };
        }

        var texts = values.Select(Key).ToList();
        // a JSON leaf has no column name of its own; a prefix or suffix is kept only when k values share it (all do)
        var shape = column.Category == ColumnCategory.Json
            ? new TextShapeMatch(TextShape.Json)
            : TextShapeDetector.Describe(EvenlySpaced(texts, ShapeSample), column.Name.Length > 0 ? column.Name : null, texts.Count >= k);
        return new TextDistribution
        {
            Shape = shape.Shape,
            Lengths = ValueProtection.NumericQuantiles(texts.Select(t => (double)t.Length).ToArray(), TextLengthPoints, k, coarsen: false),
            Prefix = shape.Prefix,
            Suffix = shape.Suffix,
            UuidVersion = shape.UuidVersion,
        };
    }

    /// <summary>
    /// Text whose every value is a date, time or number in one format (<see cref="TextValueFormat"/>): described as the
    /// dates or numbers they are, by the same rules, with the format to write them back in; null for other text.
    /// </summary>
    private static Distribution? Textual(ColumnProfile column, List<object> values, int k)
    {
        if (column.Category is not (ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Other) || !values.All(v => v is string))
            return null;
        var texts = values.Cast<string>().ToList();
        if (TextValueFormat.DetectNumbers(texts) is { } numbers)
            return (NumericDistribution)Shape(column, numbers.Values.Select(x => (object)x).ToList(), k) with { Format = numbers.Format };
        if (TextValueFormat.DetectDates(texts) is not { } dates)
            return null;
        if (TextValueFormat.IsTimeOnly(dates.Format))
        {
            // a time of day is a number of seconds, as a TIME column's (its quantiles are then coarsened as numbers)
            var seconds = dates.Values.Select(t => (object)t.TimeOfDay.TotalSeconds).ToList();
            return (NumericDistribution)Shape(column, seconds, k) with { Format = dates.Format };
        }

        return (DateTimeDistribution)Shape(column, dates.Values.Select(t => (object)t).ToList(), k) with { Format = dates.Format };
    }

    private static int Points(int n, int max) => Math.Clamp(n, 2, max);

    /// <summary>Shape detection needs far fewer values than quantiles: every k-th of at most this many.</summary>
    private const int ShapeSample = 2000;

    private static List<string> EvenlySpaced(List<string> values, int max)
    {
        if (values.Count <= max)
            return values;
        var step = (double)values.Count / max;
        var result = new List<string>(max);
        for (var i = 0; i < max; i++)
            result.Add(values[(int)(i * step)]);
        return result;
    }

    private static Dictionary<string, (object Value, long Count)> CountValues(List<object> values)
    {
        // count by value first (cheap hashing of doubles and dates), format each distinct value once
        var byValue = new Dictionary<object, long>(ValueComparer.Instance);
        foreach (var v in values)
            byValue[v] = byValue.TryGetValue(v, out var c) ? c + 1 : 1;
        var counts = new Dictionary<string, (object Value, long Count)>(byValue.Count, StringComparer.Ordinal);
        foreach (var (v, c) in byValue)
        {
            var k = Key(v);
            counts[k] = counts.TryGetValue(k, out var seen) ? (seen.Value, seen.Count + c) : (v, c);
        }

        return counts;
    }

    private sealed class ValueComparer : IEqualityComparer<object>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object obj)
        {
            if (obj is not byte[] bytes)
                return obj.GetHashCode();
            var h = new HashCode();
            h.AddBytes(bytes);
            return h.ToHashCode();
        }
    }

    private static long EstimateDistinct(int sampleDistinct, int sampleNonNull, int sampleRows, long tableRows, bool sampled)
    {
        if (!sampled || sampleNonNull == 0)
            return sampleDistinct;
        // Nearly all distinct in the sample: scale to the table (a key-like column). Otherwise the sample saw them all.
        if (sampleDistinct >= 0.95 * sampleNonNull)
            return (long)Math.Round(sampleDistinct * ((double)tableRows / sampleRows));
        return sampleDistinct;
    }

    /// <summary>The culture-invariant text of a normalised value, as categorical values are written.</summary>
    public static string Key(object value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : DateTimeFormat, CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
