using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Generation;

/// <summary>A column's type facts, resolved once: category, length, integer range, decimal scale.</summary>
internal sealed class ColumnInfo
{
    public ColumnInfo(ColumnProfile column, ColumnType type)
    {
        Column = column;
        Category = column.Category;
        Length = column.Length is > 0 and <= int.MaxValue ? (int)column.Length.Value : null;
        Scale = Math.Clamp(column.Scale ?? 0, 0, 28);
        Precision = Math.Clamp(column.Precision ?? 18, Math.Max(1, Scale), 28);
        EnumValues = column.EnumValues ?? [];
        (IntMin, IntMax) = Category == ColumnCategory.Year ? (1901, 2155) : (type.IntegerMin, type.IntegerMax);
        IntTop = Category == ColumnCategory.Integer && type is { IntegerBits: >= 64, Unsigned: true } ? ulong.MaxValue : IntMax;
        // the integer digits the declared type allows (DECIMAL(65,30): 35), not those of the precision cut to .NET's 28:
        // beyond 28 the limit is decimal's own largest value (issue 12: numeric(65,30) was generated within ±1)
        var integerDigits = Math.Max(0, (column.Precision ?? 18) - (column.Scale ?? 0));
        DecimalLimit = integerDigits >= 29 ? decimal.MaxValue : Pow10(integerDigits) - Pow10(-Scale);
        Fractions = BoundedFractions(column, type);
    }

    /// <summary>
    /// The profiled fractions of a second, with at most the digits the column's type holds; null when the values are whole
    /// seconds, the profile predates fractions, or the type keeps none (MySQL's <c>DATETIME</c>).
    /// </summary>
    public SecondFractions? Fractions { get; }

    public ColumnProfile Column { get; }

    private static SecondFractions? BoundedFractions(ColumnProfile column, ColumnType type)
    {
        if (column.Stats?.Fractions is not { } f || column.Category is not (ColumnCategory.DateTime or ColumnCategory.Time))
            return null;
        var digits = Math.Min(Math.Min(f.Digits, type.SecondDigits), SecondFractions.MaxDigits);
        var share = double.IsFinite(f.Share) ? Math.Clamp(f.Share, 0, 1) : 0;
        return digits <= 0 || share <= 0 ? null : new SecondFractions(share, digits);
    }

    public string Name => Column.Name;

    public ColumnCategory Category { get; }

    public int? Length { get; }

    public int Precision { get; }

    public int Scale { get; }

    public long IntMin { get; }

    public long IntMax { get; }

    /// <summary>
    /// The largest integer the column holds, exactly: <see cref="IntMax"/>, except BIGINT UNSIGNED's 2^64 − 1, beyond a
    /// long (values above 2^63 − 1 are generated as <see cref="decimal"/>; they were clamped to 2^63 − 1).
    /// </summary>
    public decimal IntTop { get; }

    public decimal DecimalLimit { get; }

    public IReadOnlyList<string> EnumValues { get; }

    public bool Unsigned => Column.Unsigned;

    public string Cut(string s) => Length is { } n && s.Length > n ? s[..n] : s;

    public object FromDouble(double x)
    {
        if (!double.IsFinite(x))
            x = 0;
        switch (Category)
        {
            case ColumnCategory.Integer or ColumnCategory.Year:
                return x > IntMax && IntTop > IntMax ? FromDecimal((decimal)Math.Min(x, (double)IntTop))
                    : ClampLong(Math.Round(x, MidpointRounding.AwayFromZero));
            case ColumnCategory.Decimal:
                var d = x >= (double)decimal.MaxValue ? decimal.MaxValue : x <= (double)decimal.MinValue ? decimal.MinValue : (decimal)x;
                d = Math.Round(d, Scale, MidpointRounding.AwayFromZero);
                return Math.Clamp(d, Unsigned ? 0 : -DecimalLimit, DecimalLimit);
            case ColumnCategory.Float:
                return Unsigned ? Math.Max(0, x) : x;
            case ColumnCategory.Boolean:
                return x >= 0.5;
            case ColumnCategory.Date or ColumnCategory.DateTime:
                return FromTicks(new DateTime(2000, 1, 1).Ticks + (long)Math.Clamp(x, -700_000, 2_900_000) * TimeSpan.TicksPerDay);
            case ColumnCategory.Time:
                return TimeSpan.FromSeconds(Math.Round(Math.Clamp(x, -3_020_399, 3_020_399)));
            case ColumnCategory.Binary:
                return BitConverter.GetBytes(x);
            default:
                return Cut(x.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>An integer column's value from an exact number, rounded and kept within the column's range.</summary>
    public object FromDecimal(decimal m)
    {
        m = Math.Clamp(Math.Round(m, MidpointRounding.AwayFromZero), IntMin, IntTop);
        return m <= IntMax ? (object)(long)m : m;
    }

    public object FromTicks(long ticks)
    {
        ticks = Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        var dt = new DateTime(ticks, DateTimeKind.Unspecified);
        switch (Category)
        {
            case ColumnCategory.Date:
                return dt.Date;
            case ColumnCategory.DateTime:
                return new DateTime(ticks - (ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
            case ColumnCategory.Time:
                return TimeSpan.FromSeconds(Math.Floor(dt.TimeOfDay.TotalSeconds));
            case ColumnCategory.Integer or ColumnCategory.Year:
                return ClampLong(Category == ColumnCategory.Year ? dt.Year : ticks / TimeSpan.TicksPerSecond);
            case ColumnCategory.Float or ColumnCategory.Decimal or ColumnCategory.Boolean:
                return FromDouble(ticks / (double)TimeSpan.TicksPerSecond);
            case ColumnCategory.Binary:
                return BitConverter.GetBytes(ticks);
            default:
                return Cut(dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Converts a value's profile text (a categorical value, a public table's verbatim value) to this column's CLR type, or
    /// null when it does not parse. The profile writes these as <see cref="Statistics.ColumnAnalyzer.Key"/> does: a time as
    /// seconds (<c>28800</c>, <c>3723.456</c>), binary as hex, integers in full; older forms (<c>09:00:00</c>) still parse.
    /// </summary>
    public object? FromText(string s)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (Category)
        {
            case ColumnCategory.Integer or ColumnCategory.Year:
                // exactly, not through a double: 2^53 + 1 and BIGINT UNSIGNED values above 2^63 keep every digit
                return decimal.TryParse(s, NumberStyles.Float, inv, out var m) ? FromDecimal(m)
                    : double.TryParse(s, NumberStyles.Float, inv, out var big) ? FromDouble(big) : null;
            case ColumnCategory.Decimal or ColumnCategory.Float:
                return double.TryParse(s, NumberStyles.Float, inv, out var x) ? FromDouble(x) : null;
            case ColumnCategory.Boolean:
                return s.Trim().ToUpperInvariant() switch
                {
                    "1" or "TRUE" or "T" or "Y" or "YES" => true,
                    "0" or "FALSE" or "F" or "N" or "NO" => false,
                    _ => null,
                };
            case ColumnCategory.Date or ColumnCategory.DateTime:
                return DateTime.TryParse(s, inv, DateTimeStyles.AllowWhiteSpaces, out var dt) ? FromTicks(dt.Ticks) : null;
            case ColumnCategory.Time:
                // seconds as decimal, so 3723.456 is 01:02:03.456 to the tick; TimeSpan.TryParse read "28800" as 28,800 days
                if (decimal.TryParse(s, NumberStyles.Float, inv, out var seconds))
                    return Math.Abs(seconds) < TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond
                        ? new TimeSpan((long)Math.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero))
                        : null;
                return TimeSpan.TryParse(s, inv, out var ts) ? ts : null;
            case ColumnCategory.Binary:
                return IsHex(s) ? System.Convert.FromHexString(s) : System.Text.Encoding.UTF8.GetBytes(s);
            default:
                return Cut(s);
        }
    }

    private static bool IsHex(string s) => s.Length % 2 == 0 && s.All(char.IsAsciiHexDigit);

    /// <summary>Converts a value of another column's CLR type (an FK's parent value) to this column's type.</summary>
    public object? Convert(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case long l when Category is ColumnCategory.Integer or ColumnCategory.Year:
                return l;
            case long l when Category is ColumnCategory.Decimal:
                return (decimal)l;
            case long l when Category is ColumnCategory.Float:
                return (double)l;
            case long l when IsText:
                return l.ToString(CultureInfo.InvariantCulture);
            case string s when IsText:
                return s;
            case string s when Category is ColumnCategory.Binary:
                // a parent's text, not a profile's hex
                return System.Text.Encoding.UTF8.GetBytes(s);
            case string s:
                return FromText(s) ?? value;
            case decimal m when Category is ColumnCategory.Decimal:
                return m;
            case DateTime dt when Category is ColumnCategory.Date or ColumnCategory.DateTime:
                return dt;
            case bool or byte[] or TimeSpan:
                return value;
            default:
                return IsText ? System.Convert.ToString(value, CultureInfo.InvariantCulture) : value;
        }
    }

    public bool IsText => Category is ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Enum or ColumnCategory.Set
        or ColumnCategory.Json or ColumnCategory.Other;

    private long ClampLong(double v) =>
        v <= IntMin ? IntMin : v >= IntMax ? IntMax : (long)v;

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < Math.Abs(n); i++)
            r = n > 0 ? r * 10 : r / 10;
        return r;
    }
}
