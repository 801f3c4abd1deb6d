using System.Globalization;

namespace ElasticDuckface.Data.Verification;

/// <summary>
/// The check of a foreign key's declared minimum fan-out (<c>minChildren</c>): parent rows with fewer children than it.
/// A child counts when its reference matches the parent column by column (<see cref="OrphanCheck.Match"/>, so a reference
/// with a NULL column counts for no parent), and a parent with a NULL in the referenced key can have none.
/// </summary>
internal static class MinimumCheck
{
    /// <summary>
    /// SQL counting the parent rows with fewer than <paramref name="minimum"/> children: for 1 the parents with no child
    /// (NOT EXISTS stops at the first child), otherwise those whose correlated child count is below it.
    /// </summary>
    /// <param name="quote">Quotes identifiers for the engine.</param>
    /// <param name="child">The child table.</param>
    /// <param name="childColumns">The referencing columns, in key order.</param>
    /// <param name="parent">The parent table.</param>
    /// <param name="parentColumns">The referenced columns, in key order.</param>
    /// <param name="minimum">The fewest children each parent must have; at least 1.</param>
    public static string CountSql(Func<string, string> quote, string child, IReadOnlyList<string> childColumns, string parent,
        IReadOnlyList<string> parentColumns, int minimum)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        var match = OrphanCheck.Match(quote, childColumns, parentColumns);
        return minimum == 1
            ? $"SELECT COUNT(*) FROM {quote(parent)} p WHERE NOT EXISTS (SELECT 1 FROM {quote(child)} c WHERE {match})"
            : $"SELECT COUNT(*) FROM {quote(parent)} p WHERE (SELECT COUNT(*) FROM {quote(child)} c WHERE {match}) < "
                + minimum.ToString(CultureInfo.InvariantCulture);
    }
}
