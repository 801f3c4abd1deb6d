using System.Globalization;
using System.Text;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Profiling;

/// <summary>Converts a driver value to the normalised form <see cref="Statistics.ColumnAnalyzer"/>
/// expects for the column's category.</summary>
internal static class ValueNormalizer
{
    private static readonly string[] s_dateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>
    /// Returns the normalised value, or null for NULL (and for a number that is not finite). A value that does not fit the
    /// category is kept as text.
    /// </summary>
    public static object? Normalize(object? value, ColumnCategory category)
    {
        if (value is null or DBNull)
            return null;
        switch (category)
        {
            case ColumnCategory.Integer or ColumnCategory.Year when ExactInteger(value) is { } exact:
                return exact;
            case ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Year:
                // NaN and ±Infinity (PostgreSQL real, double precision, numeric) are not measured: no quantile or histogram
                // holds them (profiling one hung, issue 12), and generated numbers are finite
                return ToDouble(value) is { } d ? double.IsFinite(d) ? d : null : Text(value);
            case ColumnCategory.Time:
                return value switch
                {
                    TimeSpan ts => ts.TotalSeconds,
                    // Npgsql 10 reads PostgreSQL time as TimeOnly (its text was measured as "12:34" before)
                    TimeOnly time => time.ToTimeSpan().TotalSeconds,
                    string s when TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) => t.TotalSeconds,
                    _ => ToDouble(value) is { } seconds ? seconds : Text(value),
                };
            case ColumnCategory.Boolean:
                return value switch
                {
                    bool b => b,
                    string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
                    string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
                    ulong u => u != 0,
                    _ => ToDouble(value) is { } number ? number != 0 : Text(value),
                };
            case ColumnCategory.Date or ColumnCategory.DateTime:
                return value switch
                {
                    DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
                    DateTimeOffset dto => dto.DateTime,
                    DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                    string s when DateTime.TryParseExact(s.Trim(), s_dateFormats, CultureInfo.InvariantCulture,
                        DateTimeStyles.AllowWhiteSpaces, out var dt)
                        => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
                    _ => Text(value),
                };
            case ColumnCategory.Binary:
                return value switch
                {
                    byte[] bytes => bytes,
                    string s => Encoding.UTF8.GetBytes(s),
                    _ => Text(value),
                };
            default:
                return Text(value);
        }
    }

    /// <summary>Integers a double holds exactly (|v| ≤ 2^53).</summary>
    private const long DoubleExact = 1L << 53;

    /// <summary>
    /// An integer beyond 2^53 as an exact <see cref="decimal"/>, or null for any other value (measured as a double): as a
    /// double, 200 BIGINT UNSIGNED values near 2^64 were one distinct value and 200 near 2^53 were 101.
    /// </summary>
    private static decimal? ExactInteger(object value) => value switch
    {
        long l when l is > DoubleExact or < -DoubleExact => l,
        ulong ul when ul > DoubleExact => ul,
        decimal m when Math.Abs(m) > DoubleExact && m == decimal.Truncate(m) => m,
        string s when s.Length > 15 && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            && l is > DoubleExact or < -DoubleExact => l,
        string s when s.Length > 15 && ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ul)
            && ul > DoubleExact => ul,
        _ => null,
    };

    private static double? ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        long l => l,
        int i => i,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        ulong ul => ul,
        uint ui => ui,
        ushort us => us,
        bool bo => bo ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    private static string Text(object value) => value switch
    {
        string s => s,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
