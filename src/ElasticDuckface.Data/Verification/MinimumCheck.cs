using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Verification;

/// <summary>
/// The check of a foreign key's declared minimum fan-out (<c>minChildren</c>): parent rows with fewer children than it.
/// A child counts when its reference matches the parent column by column (<see cref="OrphanCheck.Match"/>, so a reference
/// with a NULL column counts for no parent), and a parent with a NULL in the referenced key can have none.
/// </summary>
internal static class MinimumCheck
{
    /// <summary>
    /// SQL counting the parent rows with fewer than <paramref name="minimum"/> children. Where an index leads with the
    /// child's reference, a correlated lookup per parent (for 1 <c>NOT EXISTS</c>, which stops at the first child);
    /// otherwise that lookup would scan the child once per parent, so the children are grouped by parent in one pass
    /// instead (joined to the parent, whose referenced key is unique) and the groups meeting the minimum subtracted from
    /// the parents.
    /// </summary>
    /// <param name="quote">Quotes identifiers for the engine.</param>
    /// <param name="child">The child table.</param>
    /// <param name="childColumns">The referencing columns, in key order.</param>
    /// <param name="parent">The parent table.</param>
    /// <param name="parentColumns">The referenced columns, in key order.</param>
    /// <param name="minimum">The fewest children each parent must have; at least 1.</param>
    /// <param name="childIndexed">Whether an index of the child leads with the referencing columns (<see cref="Indexed"/>).</param>
    public static string CountSql(Func<string, string> quote, string child, IReadOnlyList<string> childColumns, string parent,
        IReadOnlyList<string> parentColumns, int minimum, bool childIndexed)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(childColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        var match = OrphanCheck.Match(quote, childColumns, parentColumns);
        var n = minimum.ToString(CultureInfo.InvariantCulture);
        if (childIndexed)
        {
            return minimum == 1
                ? $"SELECT COUNT(*) FROM {quote(parent)} p WHERE NOT EXISTS (SELECT 1 FROM {quote(child)} c WHERE {match})"
                : $"SELECT COUNT(*) FROM {quote(parent)} p WHERE (SELECT COUNT(*) FROM {quote(child)} c WHERE {match}) < {n}";
        }

        var groups = string.Join(", ", childColumns.Select(c => "c." + quote(c)));
        var having = minimum == 1 ? "" : $" HAVING COUNT(*) >= {n}";
        return $"SELECT (SELECT COUNT(*) FROM {quote(parent)}) - (SELECT COUNT(*) FROM (SELECT 1 AS k FROM {quote(child)} c "
            + $"JOIN {quote(parent)} p ON {match} GROUP BY {groups}{having}) g)";
    }

    /// <summary>Whether the primary key, a unique key or an index of <paramref name="table"/> leads with
    /// <paramref name="columns"/> (in any order), so a lookup of one parent's children is an index seek.</summary>
    public static bool Indexed(TableProfile table, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var keys = table.Indexes.Select(i => i.Columns).Concat(table.UniqueKeys.Select(k => k.Columns));
        if (table.PrimaryKey is { } pk)
            keys = keys.Append(pk.Columns);
        return keys.Any(k => k.Count >= columns.Count
            && k.Take(columns.Count).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(columns));
    }
}
