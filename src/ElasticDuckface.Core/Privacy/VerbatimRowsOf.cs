using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>What the privacy markings change in a profiled table: a public table's rows verbatim, dropped columns' traces.</summary>
public static class VerbatimRowsOf
{
    /// <summary>
    /// The public columns' values of every row of <paramref name="rows"/> (all rows of the table, values normalised as for
    /// <see cref="ColumnAnalyzer"/>), sorted by the primary key (else by every column) so the profile is the same every run.
    /// </summary>
    public static VerbatimRows Table(TableProfile table, IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var kept = Enumerable.Range(0, table.Columns.Count).Where(c => table.Columns[c].Privacy == ColumnPrivacy.Public).ToArray();
        var order = table.PrimaryKey is { Columns.Count: > 0 } pk
            ? pk.Columns.Select(table.ColumnIndex).Where(i => i >= 0).ToArray()
            : Enumerable.Range(0, table.Columns.Count).ToArray();
        var sorted = rows.ToList();
        sorted.Sort((a, b) =>
        {
            foreach (var i in order)
            {
                var d = Compare(a[i], b[i]);
                if (d != 0)
                    return d;
            }

            return 0;
        });
        return new VerbatimRows(
            [.. kept.Select(c => table.Columns[c].Name)],
            [.. sorted.Select(r => (IReadOnlyList<string?>)[.. kept.Select(c => r[c] is { } v ? ColumnAnalyzer.Key(v) : null)])]);
    }

    /// <summary>NULL first, numbers by value, the rest by their text (ordinal).</summary>
    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (double x, double y) => x.CompareTo(y),
        (DateTime x, DateTime y) => x.CompareTo(y),
        _ => string.CompareOrdinal(ColumnAnalyzer.Key(a), ColumnAnalyzer.Key(b)),
    };

    /// <summary>
    /// <paramref name="table"/> without the learned dependencies that would describe a dropped column: a row state on it, its
    /// conditional statistics, and orderings that involve it.
    /// </summary>
    public static TableProfile WithoutDropped(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var dropped = PrivacyMarking.Columns(table, ColumnPrivacy.Drop).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (dropped.Count == 0)
            return table;
        var state = table.RowState is { } s && !dropped.Contains(s.Column)
            ? s with { Columns = [.. s.Columns.Where(c => !dropped.Contains(c.Name))] }
            : null;
        return table with
        {
            RowState = state,
            Orderings = [.. table.Orderings.Where(o => !dropped.Contains(o.Column) && !dropped.Contains(o.After))],
        };
    }
}
