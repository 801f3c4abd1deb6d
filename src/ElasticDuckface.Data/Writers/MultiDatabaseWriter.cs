using System.Data.Common;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Writes a multi-database profile (ADR 0007) into one target per database: each table goes, under its own name, to the
/// writer of its database, in the generator's parents-first order across all of them. Each target is created and
/// checked by its own writer (atomic on its own, as that writer documents); references across databases have no
/// constraint and are counted with one query per reference when the targets share a MySQL/MariaDB server.
/// </summary>
/// <remarks>
/// Into existing schemas (writers that are <see cref="ITwoPhaseWriter"/>, one transaction each) every database is checked
/// before any commits: each writer's own checks, then the references across databases counted by a connection that reads
/// the writers' uncommitted rows (READ UNCOMMITTED). The commits then run in the profile's order of databases. A commit
/// that fails after an earlier one succeeded has the earlier databases emptied again (their tables were empty before,
/// unless <c>--append</c>), so the set ends complete or untouched; only a kill between two commits leaves the earlier
/// databases filled and the later ones untouched (docs/reliability.md).
/// </remarks>
internal sealed class MultiDatabaseWriter(IReadOnlyList<string> databases, IReadOnlyList<(string Database, DatabaseLocation Location,
    IDatabaseWriter Writer)> targets) : IDatabaseWriter
{
    private readonly Dictionary<string, (IDatabaseWriter Writer, TableProfile Table)> _tables = new(StringComparer.Ordinal);
    private IReadOnlyList<TableProfile> _schema = [];

    /// <summary>Lines about what the run could not check (references across targets on different servers).</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>The run adds to tables that held rows (<c>--append</c>): a failed later commit cannot undo an earlier one.</summary>
    public bool Append { get; init; }

    /// <summary>Fault injection for tests: called with each database's name just before it commits.</summary>
    public Func<string, CancellationToken, Task>? BeforeCommit { get; set; }

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
        if (targets.All(t => t.Writer is ITwoPhaseWriter))
        {
            await CompleteTogetherAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var (_, _, writer) in targets)
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await CheckAcrossAsync("The targets were written.", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, writer) in targets)
            await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Checks every database, then commits them in order, emptying the committed ones again if a later commit fails.</summary>
    private async Task CompleteTogetherAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, _, writer) in targets)
            await ((ITwoPhaseWriter)writer).PrepareAsync(cancellationToken).ConfigureAwait(false);
        await CheckAcrossAsync("Nothing was committed in any of them.", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < targets.Count; i++)
        {
            var (database, location, writer) = targets[i];
            try
            {
                if (BeforeCommit is { } hook)
                    await hook(database, cancellationToken).ConfigureAwait(false);
                await ((ITwoPhaseWriter)writer).CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DuckfaceException or DbException && i > 0)
            {
                var committed = targets.Take(i).ToList();
                var rest = string.Join(", ", targets.Skip(i).Select(t => t.Location.Display));
                var failed = $"Committing into {location.Display} failed ({ex.Message.TrimEnd('.')}) after "
                    + $"{string.Join(", ", committed.Select(t => t.Location.Display))} had committed.";
                if (Append)
                {
                    throw new DatabaseOperationException($"{failed} Those keep this run's appended rows (--append cannot tell them "
                        + $"from the earlier ones); {rest} hold none of them. Restore them, or remove the appended rows by hand.", ex);
                }

                var undone = await UndoAsync(committed, cancellationToken).ConfigureAwait(false);
                throw new DatabaseOperationException(undone is null
                    ? $"{failed} Their tables were emptied again, so no database holds rows of this run. Rerun generate."
                    : $"{failed} Emptying them again failed too ({undone}): empty their filled tables by hand, then rerun.", ex);
            }
        }
    }

    /// <summary>Deletes this run's rows from the databases that committed; the error's text if that fails, else null.</summary>
    private static async Task<string?> UndoAsync(List<(string Database, DatabaseLocation Location, IDatabaseWriter Writer)> committed,
        CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (_, _, writer) in committed)
                await ((ITwoPhaseWriter)writer).UndoAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is DbException or DuckfaceException or OperationCanceledException)
        {
            return ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
        }
    }

    /// <summary>
    /// Counts the orphans of every reference from one target database into another, on one connection that reads
    /// uncommitted rows, so that it sees the open transactions of the writers as well as committed targets.
    /// </summary>
    private async Task CheckAcrossAsync(string outcome, CancellationToken cancellationToken)
    {
        var across = _schema.Select(t => t with
        {
            ForeignKeys = [.. t.ForeignKeys.Where(f =>
                DatabaseNames.Split(t.Name, databases)?.Database != DatabaseNames.Split(f.ReferencedTable, databases)?.Database)],
        }).Where(t => t.ForeignKeys.Count > 0).ToList();
        if (across.Count == 0)
            return;
        var first = targets[0].Location;
        if (!await Profiling.OneServer.HoldsAsync([.. targets.Select(t => t.Location)], cancellationToken).ConfigureAwait(false))
        {
            Progress?.Report($"note: {across.Sum(t => t.ForeignKeys.Count)} references across databases were generated but not "
                + "checked: the targets are not databases of one MySQL/MariaDB server.");
            return;
        }

        var names = targets.ToDictionary(t => t.Database, t => t.Location.DatabaseName!, StringComparer.Ordinal);
        string Quote(string name) => DatabaseNames.Split(name, databases) is { } split
            ? MySqlNames.Quote(names[split.Database]) + "." + MySqlNames.Quote(split.Table)
            : MySqlNames.Quote(name);
        var connection = await MySqlEngine.OpenServerAsync(first, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var orphans = await OrphanCheck.FindAsync(connection, null, Quote, across, cancellationToken).ConfigureAwait(false);
            if (orphans.Count > 0)
                throw OrphanCheck.Error(string.Join(", ", targets.Select(t => t.Location.Display)), orphans, outcome);
        }
    }
}
