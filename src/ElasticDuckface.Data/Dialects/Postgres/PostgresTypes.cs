using System.Globalization;
using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// PostgreSQL's declared types as duckface reads and writes them (issue 12): which binary encoding each one is loaded with,
/// which expression reads its values while profiling, and why the few it cannot generate are refused.
/// </summary>
/// <remarks>
/// Written in their own type: numbers (numeric of any precision, money), text, bytea, dates and times, <c>interval</c>
/// (a duration in seconds), <c>uuid</c>, <c>json</c>/<c>jsonb</c>, <c>inet</c>/<c>cidr</c>, <c>macaddr</c>/<c>macaddr8</c>,
/// <c>bit(n)</c>, <c>bit varying(n)</c>, <c>tsvector</c>, <c>xml</c>, enum types and one-dimensional arrays of numbers,
/// booleans, text and uuid. Refused: geometric types, ranges, arrays of other types and any other type (an extension's,
/// a composite type): the generated text would not be a value of it.
/// </remarks>
internal static partial class PostgresTypes
{
    /// <summary>The widest <c>bit(n)</c> read and generated as an integer (its value as a bigint).</summary>
    public const int MaxIntegerBits = 63;

    private static readonly HashSet<string> s_geometric = new(StringComparer.Ordinal)
    {
        "point", "line", "lseg", "box", "path", "polygon", "circle",
    };

    /// <summary>The base name of a declared type: lower case, without arguments or <c>[]</c>, single spaces.</summary>
    public static string BaseName(string declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var lower = declared.Trim().ToLowerInvariant();
        while (lower.EndsWith("[]", StringComparison.Ordinal))
            lower = lower[..^2].TrimEnd();
        return Spaces().Replace(Arguments().Replace(lower, "").Trim(), " ");
    }

    /// <summary>Whether the declared type is an array (<c>integer[]</c>).</summary>
    public static bool IsArray(string declared) =>
        declared.TrimEnd().EndsWith("[]", StringComparison.Ordinal);

    /// <summary>The first argument of a declared type (<c>bit(4)</c> → 4), or null.</summary>
    public static int? FirstArgument(string declared)
    {
        var match = FirstNumber().Match(declared);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : null;
    }

    /// <summary>The encoding of a scalar declared type (base name as <see cref="BaseName"/> gives), or null when there is none.</summary>
    public static PostgresValueKind? Scalar(string baseName, ColumnCategory category) => baseName switch
    {
        "smallint" or "int2" or "smallserial" or "serial2" => PostgresValueKind.Int16,
        "integer" or "int" or "int4" or "serial" or "serial4" => PostgresValueKind.Int32,
        "bigint" or "int8" or "bigserial" or "serial8" => PostgresValueKind.Int64,
        "numeric" or "decimal" => PostgresValueKind.Numeric,
        "money" => PostgresValueKind.Money,
        "real" or "float4" => PostgresValueKind.Real,
        "double precision" or "float8" or "float" => PostgresValueKind.Double,
        "boolean" or "bool" => PostgresValueKind.Boolean,
        "bit" when category == ColumnCategory.Boolean => PostgresValueKind.Bit,
        "bit" => PostgresValueKind.BitString,
        "bit varying" or "varbit" => PostgresValueKind.VarBit,
        "character varying" or "varchar" or "character" or "char" or "bpchar" or "text" or "citext" or "name" => PostgresValueKind.Text,
        "bytea" => PostgresValueKind.Bytea,
        "date" => PostgresValueKind.Date,
        "timestamp" or "timestamp without time zone" => PostgresValueKind.Timestamp,
        "timestamptz" or "timestamp with time zone" => PostgresValueKind.TimestampTz,
        "time" or "time without time zone" => PostgresValueKind.Time,
        "timetz" or "time with time zone" => PostgresValueKind.TimeTz,
        "interval" => PostgresValueKind.Interval,
        "json" => PostgresValueKind.Json,
        "jsonb" => PostgresValueKind.Jsonb,
        "uuid" => PostgresValueKind.Uuid,
        "inet" => PostgresValueKind.Inet,
        "cidr" => PostgresValueKind.Cidr,
        "macaddr" => PostgresValueKind.MacAddr,
        "macaddr8" => PostgresValueKind.MacAddr8,
        "tsvector" => PostgresValueKind.TsVector,
        "xml" => PostgresValueKind.Xml,
        _ => null,
    };

    /// <summary>Whether arrays of this element encoding are written (one dimension, from the array's text form).</summary>
    public static bool ArrayElement(PostgresValueKind kind) => kind is PostgresValueKind.Int16 or PostgresValueKind.Int32
        or PostgresValueKind.Int64 or PostgresValueKind.Numeric or PostgresValueKind.Real or PostgresValueKind.Double
        or PostgresValueKind.Boolean or PostgresValueKind.Text or PostgresValueKind.Uuid;

    /// <summary>Why values of the declared type cannot be generated (a clause for the refusal), or null when they can.</summary>
    public static string? Reason(string declared, string baseName, ColumnCategory category, PostgresValueKind? kind)
    {
        if (IsArray(declared))
            return kind is { } element && ArrayElement(element)
                ? null : $"arrays of {baseName} are not supported (arrays of numbers, booleans, text and uuid are)";
        if (kind == PostgresValueKind.BitString && FirstArgument(declared) is > MaxIntegerBits)
            return string.Create(CultureInfo.InvariantCulture, $"bit strings longer than {MaxIntegerBits} bits are not supported");
        if (kind is not null)
            return null;
        if (category == ColumnCategory.Enum)
            return null;
        if (s_geometric.Contains(baseName))
            return "geometric types are not supported";
        return baseName.EndsWith("range", StringComparison.Ordinal)
            ? "range types are not supported"
            : $"the type {baseName} is not supported (an extension's or a composite type)";
    }

    /// <summary>
    /// The expression a sample reads a column by (<see cref="SourceDatabase.SelectValue"/>): a type Npgsql cannot map to a
    /// value of the column's category is read as the value the profile measures (numeric as text: beyond .NET's decimal,
    /// NaN; an interval as its seconds; a timetz as its time; bit(n) as its integer; an array as a JSON array; any other
    /// kept type as its text).
    /// </summary>
    public static string SelectValue(ColumnProfile column, string quoted)
    {
        ArgumentNullException.ThrowIfNull(column);
        var baseName = BaseName(column.SqlType);
        if (IsArray(column.SqlType))
            return $"array_to_json({quoted})::text";
        return column.Category switch
        {
            ColumnCategory.Other => quoted + "::text",
            ColumnCategory.Decimal when baseName != "money" => quoted + "::text",
            ColumnCategory.Time when baseName == "interval" => $"EXTRACT(EPOCH FROM {quoted})",
            ColumnCategory.Time when baseName is "timetz" or "time with time zone" => quoted + "::time",
            ColumnCategory.Integer when baseName == "bit" => quoted + "::bigint",
            _ => quoted,
        };
    }

    [GeneratedRegex(@"\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Arguments();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\(\s*(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstNumber();
}
