using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticDuckface.Schema;

/// <summary>
/// The fraction-of-second digits a date-time or time column declares: <c>DATETIME(3)</c> → 3, <c>time(6)</c> → 6,
/// <c>timestamp(3) with time zone</c> → 3. A type without the argument holds what its engine gives it by default
/// (MySQL none, PostgreSQL six), which the engine's type map knows (<see cref="NamedColumnTypeMap"/>).
/// </summary>
public static partial class FractionDigits
{
    /// <summary>The most digits any supported engine keeps: microseconds.</summary>
    public const int Max = 6;

    /// <summary>The digits declared in the type's argument, clamped to 0–6; null when the type declares none or is not a
    /// date-time, timestamp or time type.</summary>
    public static int? Declared(string sqlType)
    {
        ArgumentNullException.ThrowIfNull(sqlType);
        var m = Shape().Match(sqlType);
        if (!m.Success || !m.Groups["digits"].Success)
            return null;
        return int.TryParse(m.Groups["digits"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 0, Max) : Max;
    }

    /// <summary>Whether the type holds fractions of a second at all in some engine (date-time, timestamp, time, interval).</summary>
    public static bool IsTemporal(string sqlType)
    {
        ArgumentNullException.ThrowIfNull(sqlType);
        return Shape().IsMatch(sqlType) || sqlType.TrimStart().StartsWith("interval", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s*(datetime|timestamptz|timestamp|timetz|time)\s*(\(\s*(?<digits>\d+)\s*\))?(\s+with(out)?\s+time\s+zone)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
