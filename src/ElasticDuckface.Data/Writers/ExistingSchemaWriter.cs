using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Puts generated rows into an existing schema (<c>--into-existing</c>): each profile table handed in is written as its
/// <see cref="TableMapping.Target"/> (the target's name, the columns both have, converted to the target's types), through
/// the engine's writer opened in <see cref="TargetMode.IntoExisting"/>.
/// </summary>
internal sealed class ExistingSchemaWriter(IDatabaseWriter inner, SchemaComparison comparison) : IDatabaseWriter
{
    private readonly Dictionary<string, TableMapping> _tables =
        comparison.Tables.ToDictionary(t => t.Profile.Name, StringComparer.Ordinal);

    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return inner.CreateSchemaAsync([.. tables.Select(t => _tables[t.Name].Target)], cancellationToken);
    }

    public Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var mapping = _tables[table.Name];
        return inner.WriteRowsAsync(mapping.Target, rows.Select(mapping.Project), cancellationToken);
    }

    public Task CompleteAsync(CancellationToken cancellationToken = default) => inner.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
