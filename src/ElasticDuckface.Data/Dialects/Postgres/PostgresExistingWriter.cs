using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// Inserts generated rows into the tables of an existing PostgreSQL schema (<c>generate --into-existing</c>): one
/// transaction for the whole run, every table loaded with binary COPY (<see cref="PostgresCopy"/>, the target's own
/// column types, columns by name so the others take their defaults) parents first, with the target's constraints in
/// place (deferrable ones deferred to the commit), the profile's undeclared references counted
/// (<see cref="OrphanCheck"/>), the owned sequences moved past the inserted keys, then one commit. Nothing is created,
/// dropped or altered.
/// </summary>
/// <remarks>
/// A failure, a cancel or a killed process leaves the schema as it was (the transaction never commits). The only thing a
/// run does outside it is <c>setval</c>, which PostgreSQL never rolls back: it runs last, just before the commit, so a
/// commit that then fails leaves sequences advanced, never rows. A foreign key that is not DEFERRABLE is checked at the
/// end of each COPY: a cycle through one cannot load (the error says so). The session advisory lock of the other writer
/// refuses concurrent runs into the same schema.
/// </remarks>
internal sealed class PostgresExistingWriter : ITwoPhaseWriter
{
    private static readonly WriterOptions s_ownTypes = new(false, "postgres", PostgresEngine.Instance.Types);

    private readonly DatabaseLocation _location;
    private readonly NpgsqlConnection _connection;
    private readonly Dictionary<string, IReadOnlyList<PostgresColumn>> _columns = new(StringComparer.Ordinal);
    private NpgsqlTransaction? _transaction;
    private IReadOnlyList<TableProfile> _tables = [];

    private PostgresExistingWriter(DatabaseLocation location, NpgsqlConnection connection)
    {
        _location = location;
        _connection = connection;
    }

    private string SchemaName => _location.Schema ?? "public";

    /// <summary>Opens the database, takes the target's advisory lock, begins the transaction on the target schema.</summary>
    public static async Task<PostgresExistingWriter> OpenAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await PostgresEngine.OpenAsync(location, null, cancellationToken).ConfigureAwait(false);
        var writer = new PostgresExistingWriter(location, connection);
        try
        {
            var key = PostgresStaging.LockKey(location.DatabaseName ?? "", writer.SchemaName);
            var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)",
                new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (!locked)
            {
                throw new OutputException($"Another generate is writing into {location.Display} (schema {writer.SchemaName}). "
                    + "Wait for it to finish, or stop it, then rerun.");
            }

            writer._transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await writer.ExecuteAsync($"SET LOCAL search_path TO {PostgresNames.Quote(writer.SchemaName)}", cancellationToken)
                .ConfigureAwait(false);
            await writer.ExecuteAsync("SET CONSTRAINTS ALL DEFERRED", cancellationToken).ConfigureAwait(false);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates nothing: takes each column's own type, refusing a type duckface cannot write in binary.</summary>
    /// <exception cref="OutputException">A written column has a type without a binary encoding here (e.g. <c>point</c>).</exception>
    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        foreach (var table in tables)
        {
            var columns = PostgresDdl.Columns(table, s_ownTypes);
            if (columns.FirstOrDefault(c => c.Refusal is not null) is { } unsupported)
            {
                throw new OutputException($"Cannot fill {table.Name}.{unsupported.Column.Name} in {_location.Display}: its type "
                    + $"{unsupported.Column.SqlType} has no writer here. --exclude {table.Name}, or report the type.");
            }

            _columns[table.Name] = columns;
        }

        return Task.CompletedTask;
    }

    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            return await PostgresCopy.WriteAsync([_connection], _location, table, _columns[table.Name], rows, SchemaName,
                "Nothing was committed: the schema is as it was.", typed: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseOperationException ex)
            when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            throw new DatabaseOperationException($"{ex.Message} A NOT DEFERRABLE foreign key is checked after each table, so a "
                + "cycle of references cannot load through it: declare it DEFERRABLE, or --exclude one table of the cycle.",
                ex.InnerException);
        }
    }

    /// <summary>Counts orphans of the written references, moves owned sequences past the keys, commits.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent, or a deferred constraint fails: nothing is
    /// committed.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts orphans of the written references, checks the deferred constraints, moves owned sequences past the keys.</summary>
    /// <exception cref="DatabaseOperationException">A reference finds no parent, or a deferred constraint fails: nothing is
    /// committed.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var orphans = await OrphanCheck.FindAsync(_connection, _transaction, PostgresNames.Quote, _tables, cancellationToken)
            .ConfigureAwait(false);
        if (orphans.Count > 0)
            throw OrphanCheck.Error(_location.Display, orphans, "Nothing was committed: the schema is as it was.");
        await ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE", cancellationToken).ConfigureAwait(false);
        foreach (var table in _tables)
        {
            foreach (var column in table.Columns.Where(c => c.AutoIncrement))
                await ExecuteAsync(AdvanceSequence(SchemaName, table, column), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            var text = ex is PostgresException pg ? pg.MessageText : ex.Message;
            throw new DatabaseOperationException($"Committing into {_location.Display} failed: {PostgresErrors.OneLine(text)} "
                + "Nothing was committed.", ex);
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
    }

    /// <inheritdoc/>
    public async Task UndoAsync(CancellationToken cancellationToken)
    {
        var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // children first (the reverse of the parents-first load); deferrable keys wait for the commit
            await ExecuteAsync($"SET LOCAL search_path TO {PostgresNames.Quote(SchemaName)}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync("SET CONSTRAINTS ALL DEFERRED", cancellationToken).ConfigureAwait(false);
            foreach (var table in _tables.Reverse())
                await ExecuteAsync("DELETE FROM " + PostgresNames.Quote(table.Name), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves the sequence a column owns (serial or identity) past both its largest key and where it already was: an
    /// application's next INSERT gets a fresh key, and a sequence that ran ahead (deleted rows) never moves back.
    /// </summary>
    internal static string AdvanceSequence(string schema, TableProfile table, ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        var qualified = PostgresNames.Quote(schema) + "." + PostgresNames.Quote(table.Name);
        var q = PostgresNames.Quote(column.Name);
        return "SELECT setval(s.seq, GREATEST("
            + $"(SELECT COALESCE(MAX({q}), 0) FROM {qualified}) + 1, COALESCE(pg_sequence_last_value(s.seq) + 1, 1)), false) "
            + $"FROM (SELECT pg_get_serial_sequence({PostgresNames.Literal(qualified)}, "
            + $"{PostgresNames.Literal(column.Name)})::regclass AS seq) s "
            + "WHERE s.seq IS NOT NULL";
    }

    /// <summary>Rolls back an uncommitted run and closes (which releases the advisory lock).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _transaction.RollbackAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException)
            {
                // a broken connection: the server rolls the transaction back when the session ends
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        PostgresEngine.ExecuteAsync(_connection, _location, sql, cancellationToken);
}
