using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// Catalog rows (one per key column, as <c>information_schema</c> and <c>pg_catalog</c> return them) folded into the
/// profile's foreign keys: the server engines read the same shape and share this fold.
/// </summary>
internal static class CatalogRows
{
    /// <summary>One foreign key per constraint name, its columns in key order.</summary>
    /// <param name="rows">One row per key column: constraint, child column, parent table and column, position, rules.</param>
    /// <param name="rule">Turns the catalog's rule text into the profile's (identity when null).</param>
    public static IEnumerable<ForeignKeyProfile> ForeignKeys(
        IEnumerable<(string Constraint, string Column, string RefTable, string RefColumn, long Position,
            string? OnDelete, string? OnUpdate)> rows,
        Func<string?, string?>? rule = null)
    {
        rule ??= r => r;
        return rows
            .GroupBy(r => r.Constraint, StringComparer.Ordinal)
            .Select(g =>
            {
                var parts = g.OrderBy(r => r.Position).ToList();
                return new ForeignKeyProfile
                {
                    Name = g.Key,
                    Columns = parts.Select(p => p.Column).ToList(),
                    ReferencedTable = parts[0].RefTable,
                    ReferencedColumns = parts.Select(p => p.RefColumn).ToList(),
                    OnDelete = rule(parts[0].OnDelete),
                    OnUpdate = rule(parts[0].OnUpdate),
                };
            });
    }

    /// <summary>
    /// A table's primary key, unique keys and plain indexes from one row per index column. An index with a part that is
    /// no column (a functional or expression index) is left out: the profile model holds column lists only.
    /// </summary>
    /// <param name="rows">One row per index column: index name, whether primary or unique, position, column and its
    /// prefix length (MySQL's <c>SUB_PART</c>; null for the whole column).</param>
    public static (KeyProfile? PrimaryKey, List<KeyProfile> UniqueKeys, List<IndexProfile> Indexes) Keys(
        IEnumerable<(string Index, bool Primary, bool Unique, long Position, string? Column, long? Prefix)> rows)
    {
        KeyProfile? primaryKey = null;
        var uniqueKeys = new List<KeyProfile>();
        var indexes = new List<IndexProfile>();
        foreach (var index in rows.GroupBy(r => r.Index, StringComparer.Ordinal))
        {
            var parts = index.OrderBy(r => r.Position).ToList();
            if (parts.Any(p => p.Column is null))
                continue;
            var columns = parts.Select(p => p.Column!).ToList();
            IReadOnlyList<int?>? prefixes = parts.Any(p => p.Prefix is not null) ? [.. parts.Select(p => (int?)p.Prefix)] : null;
            if (parts[0].Primary)
                primaryKey = new KeyProfile(index.Key, columns) { PrefixLengths = prefixes };
            else if (parts[0].Unique)
                uniqueKeys.Add(new KeyProfile(index.Key, columns) { PrefixLengths = prefixes });
            else
                indexes.Add(new IndexProfile(index.Key, columns, false) { PrefixLengths = prefixes });
        }

        return (primaryKey, uniqueKeys, indexes);
    }
}
