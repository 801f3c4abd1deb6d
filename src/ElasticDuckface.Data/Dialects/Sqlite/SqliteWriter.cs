using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// Writes a new SQLite database file. Everything goes into a temporary file next to the target
/// (<c>&lt;name&gt;.partial-&lt;pid&gt;</c>) in one transaction, with foreign keys off and no durable journal; completing
/// commits, checks the foreign keys (every row's parent exists), then renames the file into place. Disposing without
/// completing deletes the temporary file, so a failed run leaves nothing half-written behind and an existing target untouched.
/// </summary>
internal sealed class SqliteWriter : IDatabaseWriter
{
    private readonly string _target;
    private readonly string _temp;
    private readonly bool _overwrite;
    private readonly string? _sourceDialect;
    private readonly SqliteConnection _connection;
    private readonly SqliteInserts _inserts;
    private readonly List<string> _deferredIndexes = [];
    private SqliteTransaction? _transaction;
    private IReadOnlyList<TableProfile> _tables = [];
    private bool _schemaCreated;
    private bool _completed;
    private bool _disposed;

    private SqliteWriter(string target, string temp, bool overwrite, string? sourceDialect, SqliteConnection connection)
    {
        _target = target;
        _temp = temp;
        _overwrite = overwrite;
        _sourceDialect = sourceDialect;
        _connection = connection;
        _inserts = new SqliteInserts(connection);
    }

    /// <summary>Opens a writer for a new SQLite file.</summary>
    /// <param name="location">A SQLite location.</param>
    /// <param name="replace">Whether an existing non-empty file may be replaced (only once the new one is complete).</param>
    /// <param name="sourceDialect">The profile's dialect: <c>sqlite</c> keeps declared column types; others map categories.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="OutputException">The target exists (without <paramref name="replace"/>) or cannot be written.</exception>
    public static Task<SqliteWriter> CreateAsync(DatabaseLocation location, bool replace, string? sourceDialect = null,
        CancellationToken cancellationToken = default) =>
        CreateAsync(location, new WriterOptions(replace, sourceDialect ?? "", DatabaseEngines.TypesFor(sourceDialect ?? "")),
            cancellationToken);

    /// <summary>Opens a writer for a new SQLite file.</summary>
    /// <param name="location">A SQLite location.</param>
    /// <param name="options">Whether to replace an existing file (only once the new one is complete), and the profile's source.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="OutputException">The target exists (without replace) or cannot be written.</exception>
    public static async Task<SqliteWriter> CreateAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var replace = options.Replace;
        var sourceDialect = options.SourceDialect;
        if (location.Engine is not SqliteEngine || location.FilePath is null)
            throw new ArgumentException("SqliteWriter needs a SQLite location.", nameof(location));
        var target = location.FilePath;
        var exists = OutputFiles.CheckNewFile(target, replace, "the SQLite database");
        var temp = OutputFiles.PartialName(target);
        // a killed run's temporary file (and its journal) is removed by the next run into the same target (issue 12)
        RemoveStale(target, dryRun: false);

        // create the file ourselves first: a read-only directory then fails with a clear message instead of SQLITE_CANTOPEN
        await OutputFiles.CreateTemporary(temp, target).DisposeAsync().ConfigureAwait(false);
        DeleteSidecars(temp);

        var builder = new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The file is private until the final rename: durability is pointless during the load, and constraint checks
            // are off so that cycles and self-references load in any order (ADR 0002). MEMORY keeps ROLLBACK working.
            await ExecuteAsync(connection, null,
                "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA locking_mode=EXCLUSIVE; "
                + "PRAGMA cache_size=-65536", cancellationToken).ConfigureAwait(false);
            var writer = new SqliteWriter(target, temp, exists || replace, sourceDialect, connection);
            writer._transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            writer._inserts.Transaction = writer._transaction;
            return writer;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            OutputFiles.TryDelete(temp);
            if (ex is SqliteException sx)
                throw new OutputException(
                    $"Cannot create the SQLite database '{target}': {sx.Message.TrimEnd('.')}. Choose a writable path.", sx);
            throw;
        }
    }

    /// <summary>The path of the temporary file while the writer is open (for tests and messages).</summary>
    public string TemporaryPath => _temp;

    /// <inheritdoc/>
    public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_schemaCreated)
            throw new InvalidOperationException("The schema was already created.");
        _tables = tables;
        foreach (var statement in SqliteDdl.Script(tables, _sourceDialect))
        {
            // secondary indexes are built once after the load (CompleteAsync): cheaper than maintaining them per row
            if (statement.StartsWith("CREATE INDEX", StringComparison.Ordinal)
                || statement.StartsWith("CREATE UNIQUE INDEX", StringComparison.Ordinal))
            {
                _deferredIndexes.Add(statement);
                continue;
            }

            try
            {
                await ExecuteAsync(_connection, _transaction, statement, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                throw new DatabaseOperationException(
                    $"Creating the SQLite schema failed: {ex.Message.TrimEnd('.')} in: {FirstLine(statement)}", ex);
            }
        }

        _schemaCreated = true;
    }

    /// <inheritdoc/>
    public Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_schemaCreated)
            throw new InvalidOperationException("Call CreateSchemaAsync before WriteRowsAsync.");
        return Task.FromResult(_inserts.Write(table, rows, cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="DatabaseOperationException">A foreign key is violated; the target is not written.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            return;
        await _inserts.DisposeAsync().ConfigureAwait(false);
        foreach (var statement in _deferredIndexes)
        {
            try
            {
                await ExecuteAsync(_connection, _transaction, statement, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                throw new DatabaseOperationException($"Creating an index failed: {ex.Message.TrimEnd('.')} in: {FirstLine(statement)}", ex);
            }
        }

        await _transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;

        // the integrity the rows can break is the foreign keys'; PRAGMA quick_check would re-read SQLite's own b-trees of a
        // file SQLite just wrote in one transaction (0.7-5.2 s per 1-5 M rows), which nothing of ours can corrupt (ADR 0005)
        await CheckForeignKeysAsync(cancellationToken).ConfigureAwait(false);

        await _connection.CloseAsync().ConfigureAwait(false);
        if (_overwrite)
            DeleteSidecars(_target); // a stale -journal or -wal of the old file would be applied to the new one
        OutputFiles.MoveIntoPlace(_temp, _target, _overwrite);
        _completed = true;
    }

    /// <summary>Closes the connection; without <see cref="CompleteAsync"/>, deletes the temporary file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _inserts.DisposeAsync().ConfigureAwait(false);
        if (_transaction is not null)
            await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            OutputFiles.TryDelete(_temp);
            DeleteSidecars(_temp);
        }
    }

    private async Task CheckForeignKeysAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OrphanCheck.Orphans> orphans;
        try
        {
            orphans = await OrphanCheck.FindAsync(_connection, null, SqliteNames.Quote, _tables, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new DatabaseOperationException($"Checking foreign keys failed: {ex.Message.TrimEnd('.')}. Nothing was written.", ex);
        }

        if (orphans.Count > 0)
            throw OrphanCheck.Error($"'{_target}'", orphans, "Nothing was written.");
    }

    /// <summary>The SQLite value of an ADR-0002 row value.</summary>
    internal static object ToSqlite(object? value, ColumnCategory category) => SqliteInserts.ToSqlite(value, category);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
#pragma warning disable CA2100 // Review SQL queries for security vulnerabilities: DDL with quoted identifiers
            command.CommandText = sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes the temporary files (and their journals) of killed runs into <paramref name="target"/>; a file whose run is
    /// still alive is kept (<see cref="OutputFiles.OwnerAlive"/>).
    /// </summary>
    internal static StagingCleanup RemoveStale(string target, bool dryRun)
    {
        var (removed, inUse) = (new List<string>(), new List<string>());
        foreach (var partial in OutputFiles.PartialFiles(target).Where(f => !IsSidecar(f)))
        {
            if (OutputFiles.OwnerAlive(partial))
            {
                inUse.Add(partial);
                continue;
            }

            removed.Add(partial);
            if (!dryRun)
            {
                OutputFiles.TryDelete(partial);
                DeleteSidecars(partial);
            }
        }

        return new StagingCleanup(removed, inUse);
    }

    private static bool IsSidecar(string path) =>
        path.EndsWith("-journal", StringComparison.Ordinal) || path.EndsWith("-wal", StringComparison.Ordinal)
        || path.EndsWith("-shm", StringComparison.Ordinal);

    private static void DeleteSidecars(string path)
    {
        foreach (var suffix in (string[])["-journal", "-wal", "-shm"])
            OutputFiles.TryDelete(path + suffix);
    }

    private static string FirstLine(string statement)
    {
        var end = statement.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? statement : statement[..end];
    }
}
