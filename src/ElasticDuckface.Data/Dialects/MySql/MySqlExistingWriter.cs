using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Inserts generated rows into the tables of an existing MySQL/MariaDB database (<c>generate --into-existing</c>): one
/// transaction for the whole run, every table loaded with <see cref="MySqlBulkCopy"/> (<c>LOAD DATA LOCAL</c>, columns by
/// name, so target columns the profile lacks take their defaults) with <c>FOREIGN_KEY_CHECKS=0</c> for this session only
/// (cycles load in any order; unique keys stay enforced), then the checks back on and the orphans of every written
/// foreign key counted (<see cref="OrphanCheck"/>) inside the transaction before it commits. Nothing is created, dropped
/// or altered.
/// </summary>
/// <remarks>
/// InnoDB rolls everything back on a failure, a cancel, a lost connection or a killed client (the server aborts the
/// session's transaction). Tables of a non-transactional engine (MyISAM, Aria, MEMORY) cannot be rolled back: they are
/// named in a note before the load, and when the run fails the rows are deleted from them again if they were empty
/// (not after a kill). InnoDB moves AUTO_INCREMENT past explicitly inserted keys by itself; a rolled-back run may leave
/// the counter advanced (InnoDB never moves it back), never rows.
/// </remarks>
internal sealed class MySqlExistingWriter : ITwoPhaseWriter
{
    private readonly DatabaseLocation _location;
    private readonly MySqlConnection _connection;
    private readonly WriterOptions _options;
    private readonly HashSet<string> _transactional = new(StringComparer.Ordinal);
    private readonly List<string> _loadedOutsideTransaction = [];
    private MySqlTransaction? _transaction;
    private IReadOnlyList<TableProfile> _tables = [];

    private MySqlExistingWriter(DatabaseLocation location, MySqlConnection connection, WriterOptions options)
    {
        _location = location;
        _connection = connection;
        _options = options;
    }

    /// <summary>Opens the database, reads which tables are transactional, begins the transaction with foreign key checks off.</summary>
    public static async Task<MySqlExistingWriter> OpenAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await MySqlEngine.OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        var writer = new MySqlExistingWriter(location, connection, options);
        try
        {
            var database = location.DatabaseName!;
            await connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            var engines = await connection.QueryAsync<(string Table, string? Engine)>(new CommandDefinition(
                "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = @database AND TABLE_TYPE = 'BASE TABLE'",
                new { database }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (table, engine) in engines)
            {
                if (engine is not null && (engine.Equals("InnoDB", StringComparison.OrdinalIgnoreCase)
                    || engine.Equals("XtraDB", StringComparison.OrdinalIgnoreCase)))
                    writer._transactional.Add(table);
            }

            await connection.ExecuteAsync(new CommandDefinition("SET SESSION FOREIGN_KEY_CHECKS = 0",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            writer._transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return writer;
        }
        catch (MySqlException ex)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseOperationException($"Cannot begin writing into {location.Display}: {MySqlErrors.OneLine(ex.Message)}", ex);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates nothing: remembers the tables (as the target spells them) and names those it cannot roll back.</summary>
    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        var outside = tables.Where(t => !_transactional.Contains(t.Name)).Select(t => t.Name).ToList();
        if (outside.Count > 0)
        {
            _options.Progress?.Report($"note: {string.Join(", ", outside)}: not InnoDB, so a failed run cannot roll them back "
                + (_options.Append ? "(their new rows would stay)" : "(their rows are deleted again, unless the process is killed)"));
        }

        return Task.CompletedTask;
    }

    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_transactional.Contains(table.Name))
            _loadedOutsideTransaction.Add(table.Name);
        return await MySqlBulkLoad.WriteAsync(_connection, _transaction, _location, table, rows, byName: true, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Turns foreign key checks back on, counts orphans inside the transaction, commits.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent: everything is rolled back.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns foreign key checks back on and counts orphans inside the transaction.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent: everything is rolled back.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await _connection.ExecuteAsync(new CommandDefinition("SET SESSION FOREIGN_KEY_CHECKS = 1", transaction: _transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var orphans = await MySqlOrphans.FindAsync(_connection, _transaction, _tables, cancellationToken).ConfigureAwait(false);
        if (orphans.Count > 0)
            throw OrphanCheck.Error(_location.Display, orphans, "Everything was rolled back.");
    }

    /// <inheritdoc/>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"Committing into {_location.Display} failed: {MySqlErrors.OneLine(ex.Message)} "
                + "Nothing was committed.", ex);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
        _loadedOutsideTransaction.Clear();
    }

    /// <inheritdoc/>
    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        await _connection.ExecuteAsync(new CommandDefinition("SET SESSION FOREIGN_KEY_CHECKS = 0",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var table in _tables.Reverse())
            {
                await _connection.ExecuteAsync(new CommandDefinition("DELETE FROM " + MySqlNames.Quote(table.Name),
                    transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back an uncommitted run (and empties the non-transactional tables it filled), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _transaction.RollbackAsync(timeout.Token).ConfigureAwait(false);
                if (!_options.Append)
                {
                    foreach (var table in _loadedOutsideTransaction)
                        await _connection.ExecuteAsync(new CommandDefinition("DELETE FROM " + MySqlNames.Quote(table),
                            cancellationToken: timeout.Token)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is MySqlException or OperationCanceledException or InvalidOperationException)
            {
                // a broken connection: the server rolls the transaction back when the session ends
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
