using ElasticDuckface.Profiles;

namespace ElasticDuckface.Schema;

/// <summary>
/// A type map that reads integer widths from the declared type's base name (<c>smallint</c> → 16 bits) and the time
/// zone and array markers from the declared text. Engines give it their own width table.
/// </summary>
/// <param name="integerBits">Bits per integer base name; names not listed are 64-bit.</param>
public class NamedColumnTypeMap(IReadOnlyDictionary<string, int> integerBits) : IColumnTypeMap
{
    /// <summary>
    /// The widths MySQL and PostgreSQL share (<c>tinyint</c> 8, <c>smallint</c> 16, <c>mediumint</c> 24, <c>int</c> 32),
    /// everything else 64-bit: what a profile of an engine this build does not know is read with.
    /// </summary>
    public static NamedColumnTypeMap Common { get; } = new(new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["tinyint"] = 8, ["smallint"] = 16, ["mediumint"] = 24, ["int"] = 32,
    });

    /// <inheritdoc/>
    public virtual ColumnType Canonical(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var declared = column.SqlType.Trim().ToLowerInvariant();
        var isArray = declared.EndsWith("[]", StringComparison.Ordinal);
        var bits = 64;
        if (column.Category == ColumnCategory.Integer && !isArray && integerBits.TryGetValue(BaseName(declared), out var b))
            bits = b;
        var withTimeZone = declared.Contains("with time zone", StringComparison.Ordinal) || declared is "timestamptz" or "timetz";
        var digits = column.Category is ColumnCategory.DateTime or ColumnCategory.Time && !isArray && FractionDigits.IsTemporal(declared)
            ? FractionDigits.Declared(declared) ?? UndeclaredSecondDigits
            : 0;
        return new ColumnType(column.Category, bits, column.Unsigned, withTimeZone, isArray, digits);
    }

    /// <summary>
    /// The fraction-of-second digits a date-time or time type without an argument holds in this engine: 0 for MySQL's
    /// <c>DATETIME</c> (and for an unknown engine, so no digit is ever written that a column may not keep), 6 for
    /// PostgreSQL's <c>timestamp</c> and SQLite's text.
    /// </summary>
    public int UndeclaredSecondDigits { get; init; }

    private static string BaseName(string declared)
    {
        var end = declared.IndexOfAny(['(', ' ']);
        return end < 0 ? declared : declared[..end];
    }
}
