using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>Which columns can refer and be referred to, and which pairs of them the database can compare.</summary>
internal static class ReferenceColumns
{
    /// <summary>The table's single-column primary and unique keys (unique indexes included): what a reference can point at.</summary>
    public static IEnumerable<string> UniqueColumns(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keys = new List<IReadOnlyList<string>>();
        if (table.PrimaryKey is { } pk)
            keys.Add(pk.Columns);
        keys.AddRange(table.UniqueKeys.Select(k => k.Columns));
        keys.AddRange(table.Indexes.Where(i => i.Unique).Select(i => i.Columns));
        return keys.Where(k => k.Count == 1).Select(k => k[0]).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a column of <paramref name="table"/> is in one of its declared foreign keys.</summary>
    public static bool IsDeclaredReference(TableProfile table, string column) =>
        table.ForeignKeys.Any(f => f.Columns.Contains(column, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a column may refer to another table: not the table's own single-column primary key (an integer sequence is
    /// contained in every other sequence) and of a type that identifiers have. Booleans, enums, numbers with a fraction and
    /// dates are tiny or continuous domains that some key always contains.
    /// </summary>
    public static bool CanRefer(TableProfile table, ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        if (table.PrimaryKey is { Columns.Count: 1 } pk && string.Equals(pk.Columns[0], column.Name, StringComparison.OrdinalIgnoreCase))
            return false;
        return !column.AutoIncrement && Family(column) is not null;
    }

    /// <summary>Whether the database can compare the two columns as the same kind of identifier.</summary>
    public static bool Comparable(ColumnProfile child, ColumnProfile parent)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(parent);
        return Family(child) is { } family && string.Equals(family, Family(parent), StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a column's name looks like a reference (<c>…id</c>, <c>…uuid</c>, <c>…_ref</c>): only such columns are compared
    /// with every key on data alone, which costs one query per pair.
    /// </summary>
    public static bool NamedLikeReference(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.EndsWith("id", StringComparison.OrdinalIgnoreCase) || column.EndsWith("uuid", StringComparison.OrdinalIgnoreCase)
            || column.EndsWith("_ref", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The family of identifier a column holds, or null when it holds none: integers, text, bytes, or an engine type of its
    /// own (PostgreSQL's <c>uuid</c>), which only compares with the same type.
    /// </summary>
    private static string? Family(ColumnProfile column) => column.Category switch
    {
        ColumnCategory.Integer => "integer",
        ColumnCategory.String or ColumnCategory.Text => "text",
        ColumnCategory.Binary => "binary",
        ColumnCategory.Other => "other:" + column.SqlType.ToLowerInvariant(),
        _ => null,
    };
}
