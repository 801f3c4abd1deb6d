namespace ElasticDuckface.Generation;

/// <summary>
/// A public table's rows as the profile keeps them (<see cref="Profiles.TableProfile.Verbatim"/>): each kept column's
/// source returns the row's verbatim value, so generate writes exactly those rows (the plan gives the table exactly as many).
/// A foreign-key column keeps its parent assignment (its values must be the generated parent's keys), and so does a key
/// ranked within a parent group.
/// </summary>
internal static class VerbatimColumns
{
    /// <summary>Replaces the sources of the verbatim columns of <paramref name="generator"/>'s table.</summary>
    public static void Apply(TableGenerator generator, Func<long, object?>[] sources)
    {
        if (generator.Table.Verbatim is not { } verbatim)
            return;
        for (var k = 0; k < verbatim.Columns.Count; k++)
        {
            var c = generator.ColumnIndex(verbatim.Columns[k]);
            if (c < 0 || generator.Layout.Roles[c] is KeyLayout.ColumnRole.ForeignKey or KeyLayout.ColumnRole.Rank)
                continue;
            var info = generator.Columns[c];
            var values = verbatim.Rows.Select(r => k < r.Count && r[k] is { } text ? Parse(info, text) : null).ToArray();
            var generated = sources[c];
            sources[c] = row => row < values.Length ? values[row] : generated(row);
        }
    }

    /// <summary>The value from its profile text, read as a categorical value is (hex for binary, seconds for a time).</summary>
    private static object? Parse(ColumnInfo info, string text) => info.FromText(text) ?? text;
}
