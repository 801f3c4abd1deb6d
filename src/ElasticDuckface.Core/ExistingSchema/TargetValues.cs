using System.Globalization;
using System.Text;
using ElasticDuckface.Schema;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// How a generated value of one category goes into a target column of another (<c>--into-existing</c>): whether it can,
/// and the conversion, in the row types of docs/adr/0002-row-values.md.
/// </summary>
public static class TargetValues
{
    private static readonly HashSet<ColumnCategory> s_numbers =
        [ColumnCategory.Integer, ColumnCategory.Decimal, ColumnCategory.Float, ColumnCategory.Boolean, ColumnCategory.Year];

    private static readonly HashSet<ColumnCategory> s_texts =
        [ColumnCategory.String, ColumnCategory.Text, ColumnCategory.Enum, ColumnCategory.Set, ColumnCategory.Json, ColumnCategory.Other];

    /// <summary>
    /// Whether values of <paramref name="from"/> fit a column of <paramref name="to"/>: null when the categories are the
    /// same, else the severity (<see cref="DifferenceSeverity.Fatal"/> when they cannot) and what is done.
    /// </summary>
    public static (DifferenceSeverity Severity, string Note)? Fit(ColumnCategory from, ColumnCategory to)
    {
        if (from == to)
            return null;
        if (s_numbers.Contains(from) && s_numbers.Contains(to))
        {
            return (from, to) switch
            {
                (ColumnCategory.Float or ColumnCategory.Decimal, ColumnCategory.Integer or ColumnCategory.Year)
                    => (DifferenceSeverity.Warning, "written rounded to whole numbers"),
                (not ColumnCategory.Boolean, ColumnCategory.Boolean) => (DifferenceSeverity.Warning, "written as true when not 0"),
                _ => (DifferenceSeverity.Info, "written as " + Name(to)),
            };
        }

        if (s_texts.Contains(from) && s_texts.Contains(to))
        {
            return to == ColumnCategory.Json
                ? (DifferenceSeverity.Warning, "written as JSON text: the load fails if a generated value is not JSON")
                : (DifferenceSeverity.Info, "written as " + Name(to));
        }

        return (from, to) switch
        {
            (ColumnCategory.Date, ColumnCategory.DateTime) => (DifferenceSeverity.Info, "written as midnight of the date"),
            (ColumnCategory.DateTime, ColumnCategory.Date) => (DifferenceSeverity.Warning, "the time of day is dropped"),
            (ColumnCategory.String or ColumnCategory.Text, ColumnCategory.Binary) => (DifferenceSeverity.Info, "written as UTF-8 bytes"),
            (_, ColumnCategory.String or ColumnCategory.Text) when from != ColumnCategory.Binary
                => (DifferenceSeverity.Warning, "written as text"),
            _ => (DifferenceSeverity.Fatal, $"a {Name(from)} value cannot be written into a {Name(to)} column"),
        };
    }

    /// <summary>A generated value (ADR 0002 types) as a column of <paramref name="to"/> takes it.</summary>
    public static object? Convert(object? value, ColumnCategory to)
    {
        var inv = CultureInfo.InvariantCulture;
        return (value, to) switch
        {
            (null, _) => null,
            (bool b, ColumnCategory.Integer or ColumnCategory.Year) => b ? 1L : 0L,
            (bool b, ColumnCategory.Decimal) => b ? 1m : 0m,
            (bool b, ColumnCategory.Float) => b ? 1d : 0d,
            (long l, ColumnCategory.Boolean) => l != 0,
            (decimal m, ColumnCategory.Boolean) => m != 0,
            (double d, ColumnCategory.Boolean) => d != 0,
            (decimal m, ColumnCategory.Integer or ColumnCategory.Year) => (long)Math.Round(m, MidpointRounding.AwayFromZero),
            (double d, ColumnCategory.Integer or ColumnCategory.Year) => (long)Math.Round(d, MidpointRounding.AwayFromZero),
            (long or double, ColumnCategory.Decimal) => System.Convert.ToDecimal(value, inv),
            (long or decimal, ColumnCategory.Float) => System.Convert.ToDouble(value, inv),
            (DateTime dt, ColumnCategory.Date) => dt.Date,
            (DateTime dt, ColumnCategory.Time) => dt.TimeOfDay,
            (string s, ColumnCategory.Binary) => Encoding.UTF8.GetBytes(s),
            (not string, ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Enum or ColumnCategory.Set
                or ColumnCategory.Json or ColumnCategory.Other) => Text(value),
            _ => value,
        };
    }

    /// <summary>Whether a category's values are text (what ENUM members and lengths are checked on).</summary>
    public static bool IsText(ColumnCategory category) => s_texts.Contains(category);

    private static string Text(object value) => value switch
    {
        bool b => b ? "1" : "0",
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF",
            CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => System.Convert.ToHexString(bytes),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Name(ColumnCategory category) => category.ToString().ToLowerInvariant();
}
