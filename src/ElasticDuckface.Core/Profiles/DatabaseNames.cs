namespace ElasticDuckface.Profiles;

/// <summary>
/// Table names of a profile that covers several databases (ADR 0007): <c>database.table</c>, the database being one of
/// <see cref="DatabaseProfile.Databases"/>. Database names hold no dot in MySQL/MariaDB, so the first dot splits.
/// </summary>
public static class DatabaseNames
{
    /// <summary><c>database.table</c>.</summary>
    public static string Qualify(string database, string table) => database + "." + table;

    /// <summary>
    /// The database and the table of a qualified name, or null when <paramref name="name"/> names none of
    /// <paramref name="databases"/>.
    /// </summary>
    public static (string Database, string Table)? Split(string name, IReadOnlyList<string> databases)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(databases);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !databases.Contains(name[..dot], StringComparer.Ordinal))
            return null;
        return (name[..dot], name[(dot + 1)..]);
    }

    /// <summary>The tables of <paramref name="schema"/>, their names and parents qualified by <paramref name="database"/>.</summary>
    public static IReadOnlyList<TableProfile> QualifyAll(string database, IReadOnlyList<TableProfile> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Select(t => t with
        {
            Name = Qualify(database, t.Name),
            ForeignKeys = [.. t.ForeignKeys.Select(f => f with { ReferencedTable = Qualify(database, f.ReferencedTable) })],
        })];
    }

    /// <summary>
    /// The tables of one database of a multi-database profile, with their plain names, as a writer of that database sees
    /// them: references to other databases are dropped (no constraint can cross; the generator keeps them, the run checks them).
    /// </summary>
    public static IReadOnlyList<TableProfile> Unqualify(string database, IReadOnlyList<TableProfile> tables,
        IReadOnlyList<string> databases)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var result = new List<TableProfile>();
        foreach (var t in tables)
        {
            if (Split(t.Name, databases) is not { } name || name.Database != database)
                continue;
            result.Add(t with
            {
                Name = name.Table,
                ForeignKeys = [.. t.ForeignKeys
                    .Where(f => Split(f.ReferencedTable, databases)?.Database == database)
                    .Select(f => f with { ReferencedTable = Split(f.ReferencedTable, databases)!.Value.Table })],
                JointForeignKeys = [],
                ChildFanOutCorrelations = [],
            });
        }

        return result;
    }
}
