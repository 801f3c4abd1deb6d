using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// Inserts generated rows into the tables of an existing SQLite file (<c>generate --into-existing</c>): one
/// <c>BEGIN IMMEDIATE</c> transaction for the whole run, prepared INSERTs (<see cref="SqliteInserts"/>), foreign key
/// enforcement off for this connection only (cycles load in any order) and the orphan check (<see cref="OrphanCheck"/>)
/// inside the transaction before it commits. Nothing is created, dropped or altered.
/// </summary>
/// <remarks>
/// The file keeps its own journal mode and durability: a failure, a cancel or a killed process leaves it as it was
/// (SQLite rolls a hot journal back on the next open). <c>AUTOINCREMENT</c> counters follow explicitly inserted keys by
/// themselves (<c>sqlite_sequence</c> takes the largest).
/// </remarks>
internal sealed class SqliteExistingWriter : ITwoPhaseWriter
{
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly SqliteInserts _inserts;
    private SqliteTransaction? _transaction;
    private IReadOnlyList<TableProfile> _tables = [];

    private SqliteExistingWriter(string path, SqliteConnection connection)
    {
        _path = path;
        _connection = connection;
        _inserts = new SqliteInserts(connection);
    }

    /// <summary>Opens the file for writing (never creating it) and begins the run's transaction.</summary>
    public static async Task<SqliteExistingWriter> OpenAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var path = location.FilePath ?? throw new ArgumentException("SqliteExistingWriter needs a SQLite location.", nameof(location));
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        var writer = new SqliteExistingWriter(path, connection);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                // outside the transaction (SQLite ignores it inside one); this connection only, the file is not changed
                pragma.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=5000";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // BEGIN IMMEDIATE waits busy_timeout for another writer of the file, then is retried with backoff (it did nothing)
            await SqliteEngine.Retry.StatementAsync(_ =>
            {
                writer._transaction = connection.BeginTransaction(deferred: false);
                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            writer._inserts.Transaction = writer._transaction;
            return writer;
        }
        catch (SqliteException ex)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseOperationException($"Cannot open '{path}' for writing: {ex.Message.TrimEnd('.')}. "
                + "Check that no other program holds it and that the file is writable.", ex);
        }
    }

    /// <summary>Creates nothing: remembers the tables (as the target spells them) for the orphan check.</summary>
    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        return Task.CompletedTask;
    }

    public Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        return Task.FromResult(_inserts.Write(table, rows, cancellationToken));
    }

    /// <summary>Counts orphans of every written foreign key inside the transaction, then commits.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent: nothing is committed.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts orphans of every written foreign key inside the transaction.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent: nothing is committed.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var orphans = await OrphanCheck.FindAsync(_connection, _transaction, SqliteNames.Quote, _tables, cancellationToken)
            .ConfigureAwait(false);
        if (orphans.Count > 0)
            throw OrphanCheck.Error($"'{_path}'", orphans, "Nothing was written: the file is as it was.");
    }

    /// <inheritdoc/>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new DatabaseOperationException($"Committing into '{_path}' failed: {ex.Message.TrimEnd('.')}. Nothing was written.", ex);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
    }

    /// <inheritdoc/>
    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        var transaction = _connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var table in _tables.Reverse())
            {
                using var command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM " + SqliteNames.Quote(table.Name);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back an uncommitted run and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _inserts.DisposeAsync().ConfigureAwait(false);
        if (_transaction is not null)
            await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
