using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Writes generated rows into an empty MySQL/MariaDB database: creates the tables from the profile (<see cref="MySqlDdl"/>),
/// loads each table with <see cref="MySqlBulkCopy"/> (<c>LOAD DATA LOCAL INFILE</c>) in batches with
/// <c>FOREIGN_KEY_CHECKS=0</c>, then turns the checks back on and counts orphans per foreign key.
/// </summary>
/// <remarks>
/// Each batch commits on its own (LOAD DATA autocommits), so a failed or abandoned load leaves the rows written so far;
/// the target is a fresh database made for this run, to be dropped. The server needs <c>local_infile=ON</c>.
/// </remarks>
internal sealed class MySqlWriter : IDatabaseWriter
{
    /// <summary>Rows sent per LOAD DATA statement: bounded memory for tables of any size.</summary>
    private const int BatchRows = 200_000;

    private readonly DatabaseLocation _location;
    private readonly MySqlConnection _connection;
    private readonly WriterOptions _options;
    private IReadOnlyList<TableProfile> _tables = [];
    private bool _replace;
    private HashSet<string> _existingTables = new(StringComparer.Ordinal);

    private MySqlWriter(DatabaseLocation location, MySqlConnection connection, WriterOptions options)
    {
        _location = location;
        _connection = connection;
        _options = options;
    }

    /// <summary>
    /// Opens the target database (creating it when it does not exist), checks that it holds none of the profile's
    /// tables unless <paramref name="replace"/>, and turns foreign key checks off for this session.
    /// </summary>
    /// <param name="location">The target database.</param>
    /// <param name="sourceDialect">The profile's source dialect; <c>mysql</c> keeps declared column types as-is.</param>
    /// <param name="replace">Drop the profile's tables if they exist (other tables are never touched).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<MySqlWriter> OpenAsync(DatabaseLocation location, string sourceDialect, bool replace = false, CancellationToken cancellationToken = default) =>
        OpenAsync(location, new WriterOptions(replace, sourceDialect, DatabaseEngines.TypesFor(sourceDialect)), cancellationToken);

    /// <summary>
    /// Opens the target database (creating it when it does not exist), checks that it holds none of the profile's
    /// tables unless <see cref="WriterOptions.Replace"/>, and turns foreign key checks off for this session.
    /// </summary>
    public static async Task<MySqlWriter> OpenAsync(DatabaseLocation location, WriterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var replace = options.Replace;
        var database = location.DatabaseName!;
        var connection = await MySqlEngine.OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        var writer = new MySqlWriter(location, connection, options) { _replace = replace };
        try
        {
            var quoted = MySqlNames.Quote(database);
            try
            {
                await writer.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", cancellationToken).ConfigureAwait(false);
                await connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException ex)
            {
                throw new DatabaseOperationException($"Cannot create or use the target database {location.Display}: {ex.Message.TrimEnd('.')}. Create it yourself (CREATE DATABASE ...) or grant the user CREATE.", ex);
            }

            writer._existingTables = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .ToHashSet(StringComparer.Ordinal);
            if (writer._existingTables.Count > 0 && !replace)
            {
                throw new OutputException(string.Create(CultureInfo.InvariantCulture,
                    $"The target {location.Display} is not empty ({writer._existingTables.Count} tables). Generate into a new or empty database, or pass --replace to replace the profile's tables (other tables are left alone)."));
            }

            await writer.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 0", cancellationToken).ConfigureAwait(false);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        if (_replace)
        {
            // only the profile's tables: with FOREIGN_KEY_CHECKS off they drop in any order
            foreach (var table in tables.Where(t => _existingTables.Contains(t.Name)))
                await ExecuteAsync("DROP TABLE " + MySqlNames.Quote(table.Name), cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in tables)
            await ExecuteAsync(MySqlDdl.CreateTable(table, _options), cancellationToken).ConfigureAwait(false);
        foreach (var statement in tables.SelectMany(MySqlDdl.AddForeignKeys))
            await ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        using var enumerator = rows.GetEnumerator();
        long written = 0;
        while (true)
        {
            // one LOAD DATA statement per batch: streamed rows, bounded undo log per statement
            using var batch = new RowBatchReader(enumerator, table.Columns.Count, BatchRows);
            written += await LoadAsync(table, batch, cancellationToken).ConfigureAwait(false);
            if (!batch.HasMoreRows)
                return written;
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 1", cancellationToken).ConfigureAwait(false);
        var orphans = await OrphanCheck.FindAsync(_connection, null, MySqlNames.Quote, _tables, cancellationToken).ConfigureAwait(false);
        if (orphans.Count > 0)
            throw OrphanCheck.Error(_location.Display, orphans, "The rows stay in the target: drop it.");
    }

    /// <summary>The shared orphan count (<see cref="OrphanCheck"/>) in MySQL quoting.</summary>
    internal static string OrphanCountSql(TableProfile table, ForeignKeyProfile fk) => OrphanCheck.CountSql(MySqlNames.Quote, table, fk);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private async Task<long> LoadAsync(TableProfile table, RowBatchReader batch, CancellationToken cancellationToken)
    {
        var bulkCopy = new MySqlBulkCopy(_connection)
        {
            DestinationTableName = MySqlNames.Quote(table.Name),
            BulkCopyTimeout = 0,
        };
        try
        {
            var result = await bulkCopy.WriteToServerAsync(batch, cancellationToken).ConfigureAwait(false);
            // LOAD DATA LOCAL turns bad values into warnings (truncated, clipped, duplicate skipped): treat any as a failure.
            if (result.Warnings.Count > 0)
            {
                var first = result.Warnings[0];
                throw new DatabaseOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Loading table '{table.Name}' into {_location.Display} gave {result.Warnings.Count} warnings, first: {first.Message} ({first.ErrorCode}). The profile and the target schema disagree; regenerate into a fresh database."));
            }

            return result.RowsInserted;
        }
        catch (MySqlException ex)
        {
            var fix = ex.ErrorCode is MySqlErrorCode.NotAllowedCommand
                ? " Turn on local_infile on the server (SET GLOBAL local_infile = 1)."
                : "";
            throw new DatabaseOperationException($"Cannot load table '{table.Name}' into {_location.Display}: {MySqlErrors.OneLine(ex.Message)}{fix}", ex);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            var head = sql.Split('\n')[0];
            throw new DatabaseOperationException($"Statement failed on {_location.Display}: {MySqlErrors.OneLine(ex.Message)} Statement: {head}", ex);
        }
    }
}
