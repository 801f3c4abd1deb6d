using System.Globalization;
using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Text that holds dates, times, datetimes, integers or decimals (SQLite's usual TEXT dates, numbers kept in VARCHAR):
/// the one textual format every value is written in, detected by content, so the generator writes values of the same
/// format and a reader that parses them still can. A format is a .NET custom format string: for dates and times one of
/// <see cref="DateFormats"/> (a time of day alone is a date on 0001-01-01), for numbers <c>0</c> (integers),
/// <c>0.00</c> (a fixed number of decimals) or <see cref="FreeDecimals"/>.
/// </summary>
public static partial class TextValueFormat
{
    /// <summary>The number format of decimals written with a varying number of digits (up to 15).</summary>
    public const string FreeDecimals = "0.###############";

    /// <summary>The date and time formats recognised, most specific first; a value must come back byte for byte.</summary>
    internal static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mm:ss.ffffff",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss", "dd.MM.yyyy",
        "HH:mm:ss.fff", "HH:mm:ss", "HH:mm",
    ];

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})$")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})\.([0-9]{1,15})$")]
    private static partial Regex DecimalRegex();

    /// <summary>Whether a date format holds only a time of day.</summary>
    public static bool IsTimeOnly(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.StartsWith('H');
    }

    /// <summary>
    /// The date/time format every one of <paramref name="values"/> is written in and their instants; null when any value
    /// is in none (or the values are empty).
    /// </summary>
    public static (string Format, DateTime[] Values)? DetectDates(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return null;
        foreach (var format in DateFormats)
        {
            if (Rendered(format) != values[0].Length)
                continue;
            var parsed = new DateTime[values.Count];
            var all = true;
            for (var i = 0; i < values.Count && all; i++)
                all = TryParseDate(values[i], format, out parsed[i]);
            if (all)
                return (format, parsed);
        }

        return null;
    }

    /// <summary>
    /// The number format every one of <paramref name="values"/> is written in (no leading zeros, no exponent, at most 15
    /// digits on each side) and their values; null when any value is not such a number.
    /// </summary>
    public static (string Format, double[] Values)? DetectNumbers(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return null;
        var parsed = new double[values.Count];
        int? decimals = null;
        var integers = true;
        var fixedDecimals = true;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (IntegerRegex().IsMatch(v))
            {
                fixedDecimals = decimals is null or 0 && fixedDecimals;
                decimals ??= 0;
            }
            else if (DecimalRegex().Match(v) is { Success: true } m)
            {
                integers = false;
                var d = m.Groups[2].Length;
                fixedDecimals &= decimals is null || decimals == d;
                decimals ??= d;
            }
            else
            {
                return null;
            }

            parsed[i] = double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var format = integers ? "0" : fixedDecimals ? "0." + new string('0', decimals!.Value) : FreeDecimals;
        return (format, parsed);
    }

    /// <summary>A value in its detected format (the inverse of detection).</summary>
    public static string Format(DateTime value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A number in its detected format, rounded as the format writes it.</summary>
    public static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture) switch
    {
        "-0" => "0",
        var s => s,
    };

    /// <summary>Parses text written in any recognised date format or as a plain number (for kept categorical values).</summary>
    public static double? ParseAny(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IntegerRegex().IsMatch(text) || DecimalRegex().IsMatch(text))
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        foreach (var format in DateFormats)
        {
            if (TryParseDate(text, format, out var t))
                return t.Ticks / (double)TimeSpan.TicksPerSecond;
        }

        return null;
    }

    /// <summary>
    /// The date or datetime format of a text column profiled as dates written in one format (not times of day alone,
    /// which are numbers of seconds), or null: the column's own distribution, else a row-state side's.
    /// </summary>
    public static string? DateFormatOf(ColumnProfile column, ConditionalColumnProfile? conditional = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Category is not (ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Other))
            return null;
        static string? Of(Distribution? d) => d switch
        {
            DateTimeDistribution { Format: { } f } when !IsTimeOnly(f) => f,
            CategoricalDistribution c => Of(c.Other),
            _ => null,
        };
        return Of(column.Stats?.Distribution) ?? Of(conditional?.WhenSet.Distribution) ?? Of(conditional?.WhenUnset.Distribution);
    }

    /// <summary>
    /// The instant a text date holds: in <paramref name="format"/> when given, else in any recognised date format
    /// (verify reads a target whose column lost its single format); false for other text.
    /// </summary>
    public static bool TryParseInstant(string text, string? format, out DateTime value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (format is not null)
            return TryParseDate(text, format, out value);
        foreach (var f in DateFormats)
        {
            if (!IsTimeOnly(f) && Rendered(f) == text.Length && TryParseDate(text, f, out value))
                return true;
        }

        value = default;
        return false;
    }

    private static bool TryParseDate(string text, string format, out DateTime value)
    {
        if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out value))
            return false;
        // the same bytes back: "2005-5-24" is not "yyyy-MM-dd", and a format must not hide a part it drops
        return string.Equals(value.ToString(format, CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    /// <summary>The length of a value the format writes (every pattern letter one character, quotes not written).</summary>
    private static int Rendered(string format) => format.Count(c => c != '\'');
}
