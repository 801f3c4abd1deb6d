using System.Globalization;
using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// The MySQL source types the writer cannot generate (issue 12): BIT wider than one bit and the spatial types. Checked
/// before any table is created, so the run fails with one line naming <c>table.column</c> and what to do.
/// </summary>
internal static partial class MySqlPreflight
{
    private static readonly HashSet<string> Spatial = new(StringComparer.OrdinalIgnoreCase)
    {
        "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
        "geometrycollection", "geomcollection",
    };

    /// <summary>Throws for the first column of <paramref name="tables"/> whose declared MySQL type cannot be generated.</summary>
    /// <exception cref="DuckfaceException">One line: the column, its type and what to do (exit code: invalid input).</exception>
    public static void Check(IEnumerable<TableProfile> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var table in tables)
        {
            foreach (var column in table.Columns)
            {
                if (Reason(column.SqlType) is { } reason)
                {
                    throw new DuckfaceException($"Column {table.Name}.{column.Name} ({column.SqlType}) cannot be generated: {reason}; "
                        + "remove the column from the profile (or change its sqlType) and rerun. Nothing was written.");
                }
            }
        }
    }

    /// <summary>Why a declared type cannot be generated, or null when it can.</summary>
    internal static string? Reason(string sqlType)
    {
        ArgumentNullException.ThrowIfNull(sqlType);
        var type = sqlType.Trim();
        var bit = BitPattern().Match(type);
        if (bit.Success && int.Parse(bit.Groups[1].Value, CultureInfo.InvariantCulture) > 1)
            return "BIT wider than one bit is not supported";
        var name = NamePattern().Match(type).Value;
        return Spatial.Contains(name) ? "spatial types are not supported" : null;
    }

    [GeneratedRegex(@"^bit\s*\(\s*(\d+)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BitPattern();

    [GeneratedRegex(@"^[a-z]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
