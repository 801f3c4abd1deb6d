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
}
