using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Writes a multi-database profile (ADR 0007) into one target per database: each table goes, under its own name, to the
/// writer of its database, in the generator's parents-first order across all of them. Each target is created and
/// checked by its own writer (atomic on its own, as that writer documents); references across databases have no
/// constraint and are counted afterwards with one query per reference when the targets share a MySQL/MariaDB server.
/// </summary>
internal sealed class MultiDatabaseWriter(IReadOnlyList<string> databases, IReadOnlyList<(string Database, DatabaseLocation Location,
    IDatabaseWriter Writer)> targets) : IDatabaseWriter
{
    private readonly Dictionary<string, (IDatabaseWriter Writer, TableProfile Table)> _tables = new(StringComparer.Ordinal);
    private IReadOnlyList<TableProfile> _schema = [];

    /// <summary>Lines about what the run could not check (references across targets on different servers).</summary>
    public IProgress<string>? Progress { get; init; }

    /// <inheritdoc/>
    public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _schema = tables;
        foreach (var (database, _, writer) in targets)
        {
            var own = DatabaseNames.Unqualify(database, tables, databases);
            foreach (var table in own)
                _tables[DatabaseNames.Qualify(database, table.Name)] = (writer, table);
            await writer.CreateSchemaAsync(own, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_tables.TryGetValue(table.Name, out var target))
            throw new InvalidOperationException($"The table {table.Name} is in no target database; call CreateSchemaAsync first.");
        return target.Writer.WriteRowsAsync(target.Table, rows, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (_, _, writer) in targets)
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await CheckAcrossAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, writer) in targets)
            await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts the orphans of every reference from one target database into another.</summary>
    private async Task CheckAcrossAsync(CancellationToken cancellationToken)
    {
        var across = _schema.SelectMany(t => t.ForeignKeys.Where(f =>
            DatabaseNames.Split(t.Name, databases)?.Database != DatabaseNames.Split(f.ReferencedTable, databases)?.Database)
            .Select(f => (Table: t, Fk: f))).ToList();
        if (across.Count == 0)
            return;
        var first = targets[0].Location;
        if (targets.Any(t => t.Location.Engine != MySqlEngine.Instance || !string.Equals(t.Location.Server, first.Server,
            StringComparison.OrdinalIgnoreCase)))
        {
            Progress?.Report($"note: {across.Count} references across databases were generated but not checked: "
                + "the targets are not databases of one MySQL/MariaDB server.");
            return;
        }

        var source = await SourceDatabase.OpenReadOnlyAsync(first, cancellationToken).ConfigureAwait(false);
        var qualified = new QualifiedSource(source, targets.Select(t => KeyValuePair.Create(t.Database, t.Location.DatabaseName!)));
        await using (qualified.ConfigureAwait(false))
        {
            var orphans = new List<OrphanCheck.Orphans>();
            foreach (var (table, fk) in across)
            {
                var count = await qualified.ScalarAsync(OrphanCheck.CountSql(qualified.Quote, table, fk), cancellationToken)
                    .ConfigureAwait(false);
                if (count > 0)
                    orphans.Add(new OrphanCheck.Orphans(table.Name, fk.Name, fk.ReferencedTable, count));
            }

            if (orphans.Count > 0)
                throw OrphanCheck.Error(string.Join(", ", targets.Select(t => t.Location.Display)), orphans, "The targets were written.");
        }
    }
}
