using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticDuckface.Schema;

/// <summary>A declared SQL type broken into its dialect-neutral parts.</summary>
/// <param name="Category">The category.</param>
/// <param name="Length">Character or byte length, when declared.</param>
/// <param name="Precision">Numeric precision, when declared.</param>
/// <param name="Scale">Numeric scale, when declared.</param>
/// <param name="Unsigned">Whether UNSIGNED was declared.</param>
/// <param name="EnumValues">ENUM or SET members.</param>
/// <param name="BaseName">The lower-case base type name, e.g. <c>varchar</c>.</param>
public sealed record SqlType(
    ColumnCategory Category,
    long? Length,
    int? Precision,
    int? Scale,
    bool Unsigned,
    IReadOnlyList<string>? EnumValues,
    string BaseName)
{
    private static readonly Regex s_shape = new(
        @"^\s*(?<name>[a-zA-Z_][a-zA-Z0-9_ ]*?)\s*(\((?<args>.*)\))?(?<rest>(\s+(unsigned|signed|zerofill))*)\s*$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.IgnoreCase);
    private static readonly Regex s_enumMember = new(@"'((?:[^']|'')*)'", RegexOptions.CultureInvariant);

    /// <summary>Parses a declared type such as <c>varchar(255)</c>, <c>int(10) unsigned</c>,
    /// <c>enum('a','b')</c> or <c>NUMERIC(10,2)</c>.</summary>
    public static SqlType Parse(string declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (PostgresShape(declared) is { } postgres)
            return postgres;
        var m = s_shape.Match(declared);
        var name = m.Success ? m.Groups["name"].Value.Trim().ToLowerInvariant() : declared.Trim().ToLowerInvariant();
        var args = m.Success && m.Groups["args"].Success ? m.Groups["args"].Value : null;
        var rest = m.Success ? m.Groups["rest"].Value.ToLowerInvariant() : "";
        var unsigned = rest.Contains("unsigned", StringComparison.Ordinal) || name.Contains("unsigned", StringComparison.Ordinal);
        name = name.Replace("unsigned", "", StringComparison.Ordinal).Replace("zerofill", "", StringComparison.Ordinal).Trim();

        if (name is "enum" or "set")
        {
            var members = args is null ? [] : s_enumMember.Matches(args)
                .Select(x => x.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();
            return new SqlType(name == "enum" ? ColumnCategory.Enum : ColumnCategory.Set, null, null, null, false, members, name);
        }

        long? first = null;
        int? second = null;
        if (args is not null)
        {
            var parts = args.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a))
                first = a;
            if (parts.Length > 1 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
                second = b;
        }

        var category = Classify(name, first);
        return category switch
        {
            ColumnCategory.String or ColumnCategory.Binary =>
                new SqlType(category, first ?? DefaultLength(name), null, null, unsigned, null, name),
            ColumnCategory.Text => new SqlType(category, DefaultLength(name), null, null, unsigned, null, name),
            ColumnCategory.Decimal => new SqlType(category, null, (int?)first ?? 10, second ?? 0, unsigned, null, name),
            ColumnCategory.Integer => new SqlType(category, null, null, null, unsigned, null, name),
            _ => new SqlType(category, null, null, null, unsigned, null, name),
        };
    }

    /// <summary>
    /// PostgreSQL spellings the MySQL/SQLite rules below would misread (<c>integer[]</c> and <c>interval</c> contain
    /// "int", <c>timestamp(3) with time zone</c> has words after its arguments); null for every other name, so MySQL and
    /// SQLite types classify as they always did.
    /// </summary>
    private static SqlType? PostgresShape(string declared)
    {
        var lower = declared.Trim().ToLowerInvariant();
        // arrays are written and generated as their text form ({1,2,3})
        if (lower.EndsWith("[]", StringComparison.Ordinal))
            return new SqlType(ColumnCategory.Other, null, null, null, false, null, lower);
        foreach (var zone in (ReadOnlySpan<string>)[" with time zone", " without time zone"])
        {
            if (lower.EndsWith(zone, StringComparison.Ordinal))
            {
                var inner = Parse(lower[..^zone.Length]);
                return inner.Category is ColumnCategory.DateTime or ColumnCategory.Time
                    ? inner : inner with { Category = ColumnCategory.Other };
            }
        }

        // a duration: measured and generated in seconds, as TIME is (PostgresSource reads it as EXTRACT(EPOCH FROM ...))
        if (lower.StartsWith("interval", StringComparison.Ordinal))
            return new SqlType(ColumnCategory.Time, null, null, null, false, null, "interval");
        return lower switch
        {
            // cents: money keeps two decimals
            "money" => new SqlType(ColumnCategory.Decimal, null, 19, 2, false, null, lower),
            "timestamptz" => new SqlType(ColumnCategory.DateTime, null, null, null, false, null, lower),
            "timetz" => new SqlType(ColumnCategory.Time, null, null, null, false, null, lower),
            "bytea" => new SqlType(ColumnCategory.Binary, null, null, null, false, null, lower),
            "jsonb" => new SqlType(ColumnCategory.Json, null, null, null, false, null, lower),
            // a UUID is 36 characters of text: the profile's shape detector sees the 8-4-4-4-12 form and generates UUIDs
            "uuid" => new SqlType(ColumnCategory.String, 36, null, null, false, null, lower),
            "smallserial" or "serial2" or "serial4" or "bigserial" or "serial8" =>
                new SqlType(ColumnCategory.Integer, null, null, null, false, null, lower),
            "point" or "int4range" or "int8range" or "int4multirange" or "int8multirange"
                => new SqlType(ColumnCategory.Other, null, null, null, false, null, lower),
            _ => null,
        };
    }

    private static ColumnCategory Classify(string name, long? firstArg)
    {
        // SQLite's affinity rules (https://sqlite.org/datatype3.html 3.1) come after the exact MySQL names.
        switch (name)
        {
            case "tinyint" when firstArg == 1:
            case "bool" or "boolean":
            case "bit" when firstArg is null or 1:
                return ColumnCategory.Boolean;
            case "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "bit" or "serial":
                return ColumnCategory.Integer;
            case "decimal" or "numeric" or "dec" or "fixed" or "money":
                return ColumnCategory.Decimal;
            case "float" or "double" or "real" or "double precision":
                return ColumnCategory.Float;
            case "date":
                return ColumnCategory.Date;
            case "datetime" or "timestamp":
                return ColumnCategory.DateTime;
            case "time":
                return ColumnCategory.Time;
            case "year":
                return ColumnCategory.Year;
            case "json":
                return ColumnCategory.Json;
            case "char" or "varchar" or "nchar" or "nvarchar" or "character" or "varying character" or "native character"
                or "character varying" or "national varchar" or "national char":
                return ColumnCategory.String;
            case "tinytext" or "text" or "mediumtext" or "longtext" or "clob" or "ntext":
                return ColumnCategory.Text;
            case "binary" or "varbinary":
                return ColumnCategory.Binary;
            case "tinyblob" or "blob" or "mediumblob" or "longblob":
                return ColumnCategory.Binary;
        }

        if (name.Contains("int", StringComparison.Ordinal))
            return ColumnCategory.Integer;
        if (name.Contains("char", StringComparison.Ordinal) || name.Contains("clob", StringComparison.Ordinal)
            || name.Contains("text", StringComparison.Ordinal))
            return firstArg is null ? ColumnCategory.Text : ColumnCategory.String;
        if (name.Contains("blob", StringComparison.Ordinal) || name.Length == 0)
            return ColumnCategory.Binary;
        if (name.Contains("real", StringComparison.Ordinal) || name.Contains("floa", StringComparison.Ordinal)
            || name.Contains("doub", StringComparison.Ordinal))
            return ColumnCategory.Float;
        return ColumnCategory.Other;
    }

    private static long? DefaultLength(string name) => name switch
    {
        "char" or "nchar" or "binary" => 1,
        "tinytext" or "tinyblob" => 255,
        "text" or "blob" => 65_535,
        "mediumtext" or "mediumblob" => 16_777_215,
        "longtext" or "longblob" => 4_294_967_295,
        _ => null,
    };
}
