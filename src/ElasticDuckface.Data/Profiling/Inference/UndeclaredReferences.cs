using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// Verify measures a generated database against its profile; the profile's undeclared references have no constraint there,
/// so the target's catalog does not list them. This gives the target's schema the reference profile's undeclared foreign
/// keys (where both tables and all columns exist), so that their fan-out is measured and compared like a declared one's.
/// </summary>
internal static class UndeclaredReferences
{
    /// <summary><paramref name="schema"/> with the undeclared foreign keys of <paramref name="reference"/> it lacks.</summary>
    public static IReadOnlyList<TableProfile> CopyFrom(DatabaseProfile reference, IReadOnlyList<TableProfile> schema)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(schema);
        TableProfile? Find(string name) => schema.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        return [.. schema.Select(table =>
        {
            var source = reference.Tables.FirstOrDefault(t => string.Equals(t.Name, table.Name, StringComparison.OrdinalIgnoreCase));
            var added = (source?.ForeignKeys ?? []).Where(f => !f.Declared)
                .Where(f => f.Columns.All(c => table.FindColumn(c) is not null)
                    && Find(f.ReferencedTable) is { } parent && f.ReferencedColumns.All(c => parent.FindColumn(c) is not null))
                .Where(f => !table.ForeignKeys.Any(t => t.Columns.SequenceEqual(f.Columns, StringComparer.OrdinalIgnoreCase)
                    && string.Equals(t.ReferencedTable, f.ReferencedTable, StringComparison.OrdinalIgnoreCase)))
                .Select(f => f with
                {
                    Columns = [.. f.Columns.Select(c => table.FindColumn(c)!.Name)],
                    ReferencedTable = Find(f.ReferencedTable)!.Name,
                    Stats = null,
                })
                .ToList();
            return added.Count == 0 ? table : table with { ForeignKeys = SchemaOrder.ForeignKeys(table.ForeignKeys.Concat(added)) };
        })];
    }
}
