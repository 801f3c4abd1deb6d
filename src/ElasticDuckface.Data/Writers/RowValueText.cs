using System.Globalization;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Culture-invariant text for the row values of docs/adr/0002-row-values.md, shared by the file writers and SQLite so that
/// every target spells a date, a time or a number the same way.
/// </summary>
internal static class RowValueText
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c>, with up to six fractional digits only when the value has them.</summary>
    public static string DateTime(DateTime value) =>
        // "F" digits print nothing (and no point) when the fraction is zero
        value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>HH:mm:ss</c> with the total hours, so MySQL's TIME range (-838:59:59 to 838:59:59) round-trips; up to six
    /// fractional digits only when the value has them.
    /// </summary>
    public static string Time(TimeSpan value)
    {
        var negative = value < TimeSpan.Zero;
        var abs = negative ? value.Negate() : value;
        var hours = (long)Math.Floor(abs.TotalHours);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : "")}{hours:00}:{abs.Minutes:00}:{abs.Seconds:00}");
        var micro = abs.Ticks % TimeSpan.TicksPerSecond / 10;
        return micro == 0 ? text : text + "." + micro.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>An exact decimal, e.g. <c>-12.50</c>.</summary>
    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shortest text that round-trips, e.g. <c>0.1</c> or <c>1E+20</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity, which no SQL target can store.</exception>
    public static string Double(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "A generated FLOAT value must be finite.");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>An integer.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Lower-case hexadecimal digits without a prefix.</summary>
    public static string Hex(byte[] value) => Convert.ToHexStringLower(value);

    /// <summary>
    /// A value as text: the ADR-0002 types by their format above (bool as 1/0, binary as hex); any other formattable value
    /// invariantly. <paramref name="dateOnly"/> selects the DATE spelling of a <see cref="System.DateTime"/>.
    /// </summary>
    public static string? Format(object? value, bool dateOnly) => value switch
    {
        null or DBNull => null,
        string s => s,
        long l => Integer(l),
        decimal m => Decimal(m),
        double d => Double(d),
        float f => Double(f),
        bool b => b ? "1" : "0",
        byte[] bytes => Hex(bytes),
        DateTime dt => dateOnly ? Date(dt) : DateTime(dt),
        TimeSpan ts => Time(ts),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
