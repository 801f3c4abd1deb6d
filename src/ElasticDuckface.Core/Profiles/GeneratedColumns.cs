namespace ElasticDuckface.Profiles;

/// <summary>
/// The profile as generation and row writers see it: without the columns the server computes
/// (<see cref="ColumnProfile.Generated"/>), which no writer may insert into. The schema is still created from the whole
/// profile; only the rows leave these columns out.
/// </summary>
public static class GeneratedColumns
{
    /// <summary>
    /// The profile without its generated columns and without whatever names them (keys, indexes, foreign keys, joint
    /// pairs, row-state columns, orderings): the same instance when it has none, so nothing changes for such a profile.
    /// </summary>
    public static DatabaseProfile Without(DatabaseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var removed = profile.Tables
            .Select(t => (t.Name,
                Columns: t.Columns.Where(c => c.Generated is not null).Select(c => c.Name).ToHashSet(StringComparer.Ordinal)))
            .Where(t => t.Columns.Count > 0)
            .ToDictionary(t => t.Name, t => t.Columns, StringComparer.Ordinal);
        if (removed.Count == 0)
            return profile;
        return profile with { Tables = [.. profile.Tables.Select(t => Without(t, removed))] };
    }

    private static TableProfile Without(TableProfile table, Dictionary<string, HashSet<string>> removed)
    {
        var own = removed.GetValueOrDefault(table.Name) ?? [];
        bool Keeps(IEnumerable<string> columns) => !columns.Any(own.Contains);
        var foreignKeys = table.ForeignKeys
            .Where(fk => Keeps(fk.Columns)
                && !(removed.TryGetValue(fk.ReferencedTable, out var parent) && fk.ReferencedColumns.Any(parent.Contains)))
            .ToList();
        if (own.Count == 0 && foreignKeys.Count == table.ForeignKeys.Count)
            return table;
        var keptKeys = foreignKeys.Select(fk => fk.Name).ToHashSet(StringComparer.Ordinal);
        var rowState = table.RowState is { } state && !own.Contains(state.Column)
            ? state with
            {
                Columns = [.. state.Columns.Where(c => !own.Contains(c.Name))],
                Parents = [.. state.Parents.Where(p => keptKeys.Contains(p.ForeignKey.Name))],
            }
            : null;
        return table with
        {
            Columns = [.. table.Columns.Where(c => !own.Contains(c.Name))],
            PrimaryKey = table.PrimaryKey is { } pk && Keeps(pk.Columns) ? pk : null,
            UniqueKeys = [.. table.UniqueKeys.Where(k => Keeps(k.Columns))],
            Indexes = [.. table.Indexes.Where(i => Keeps(i.Columns))],
            ForeignKeys = foreignKeys,
            JointForeignKeys = [.. table.JointForeignKeys.Where(j => keptKeys.Contains(j.First.Name) && keptKeys.Contains(j.Second.Name))],
            RowState = rowState,
            Orderings = [.. table.Orderings.Where(o => !own.Contains(o.Column) && !own.Contains(o.After))],
        };
    }
}
