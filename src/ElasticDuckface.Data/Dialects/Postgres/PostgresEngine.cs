using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>PostgreSQL through Npgsql: one database and one schema of it (<c>public</c> unless the URL says <c>?schema=</c>).</summary>
public sealed class PostgresEngine : IDatabaseEngine
{
    /// <summary>The database every server has, used to create and drop others.</summary>
    internal const string MaintenanceDatabase = "postgres";

    private PostgresEngine()
    {
    }

    /// <inheritdoc/>
    public IScratchServer Scratch => PostgresScratchServer.Instance;

    /// <summary>The one instance.</summary>
    public static PostgresEngine Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "postgres";

    /// <inheritdoc/>
    public IReadOnlyList<string> Schemes { get; } = ["postgres", "postgresql"];

    /// <inheritdoc/>
    public string UrlExample => "postgres://user@host:port/database";

    /// <inheritdoc/>
    public IColumnTypeMap Types => PostgresTypeMap.Instance;

    /// <inheritdoc/>
    public DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment) =>
        PostgresLocation.Parse(text, environment);

    /// <inheritdoc/>
    public Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken) =>
        PostgresSource.OpenAsync(location, cancellationToken);

    /// <inheritdoc/>
    public async Task<IDatabaseWriter> OpenWriterAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken) =>
        options is { Mode: TargetMode.IntoExisting }
            ? await PostgresExistingWriter.OpenAsync(location, options, cancellationToken).ConfigureAwait(false)
            : await PostgresWriter.OpenAsync(location, options, cancellationToken).ConfigureAwait(false);

    /// <summary>A PostgreSQL profile's column of a type duckface cannot generate is refused before the target is opened.</summary>
    public void RefuseUnwritable(IReadOnlyList<TableProfile> tables, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == TargetMode.Create)
            PostgresDdl.RefuseUnwritable(tables, options);
    }

    /// <summary>Whether the database exists and holds the location's schema (<c>public</c> unless the URL says).</summary>
    public async Task<bool> ExistsAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenIfExistsAsync(location, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return false;
        await using var scope = connection.ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pg_namespace WHERE nspname = @schema", new { schema = location.Schema ?? "public" },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// The cluster's identity as the server knows it, so that <c>localhost</c>, <c>127.0.0.1</c> and the socket directory are
    /// one server (issue 12, the source fingerprint): <c>pg_control_system()</c>'s system identifier (unique per
    /// <c>initdb</c>), the port, the database and the schema. Read in the database, or the maintenance database when it does
    /// not exist yet (a new target). A server that refuses the function to this user gets the URL-based identity.
    /// </summary>
    public async Task<string> ReadIdentityAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenIfExistsAsync(location, cancellationToken).ConfigureAwait(false)
            ?? await OpenAsync(location, MaintenanceDatabase, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        try
        {
            var (system, port) = await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
                "SELECT system_identifier::text, current_setting('port') FROM pg_control_system()",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return $"postgres|{system}|{port}|{location.DatabaseName}|{location.Schema ?? "public"}";
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedFunction)
        {
            return string.Join('|', Name, location.Server ?? "", location.DatabaseName ?? "", location.Schema ?? "");
        }
    }

    /// <inheritdoc/>
    public Task CreateDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken) =>
        CreateIfMissingAsync(location, cancellationToken);

    /// <summary>Creates the location's database unless it exists; true when this call created it (a writer drops only its own).</summary>
    internal static async Task<bool> CreateIfMissingAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenAsync(location, MaintenanceDatabase, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pg_database WHERE datname = @name", new { name = location.DatabaseName },
            cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (exists != 0)
            return false;
        await ExecuteAsync(connection, location,
            $"CREATE DATABASE {PostgresNames.Quote(location.DatabaseName!)} ENCODING 'UTF8' TEMPLATE template0",
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task DropDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        NpgsqlConnection.ClearAllPools();
        var connection = await OpenAsync(location, MaintenanceDatabase, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        await ExecuteAsync(connection, location,
            $"DROP DATABASE IF EXISTS {PostgresNames.Quote(location.DatabaseName!)} WITH (FORCE)", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListTablesAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenIfExistsAsync(location, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return [];
        await using var scope = connection.ConfigureAwait(false);
        return await TablesAsync(connection, location.Schema ?? "public", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The staging schemas (<c>&lt;schema&gt;__duckface_staging_*</c>) that interrupted generate runs left in the target
    /// database (a run in progress has one too); none when the database does not exist.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindStagingAreasAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenIfExistsAsync(location, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return [];
        await using var scope = connection.ConfigureAwait(false);
        return await PostgresStaging.FindAsync(connection, location.Schema ?? "public", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the staging schemas of interrupted runs (<see cref="PostgresStaging.CleanAsync"/>); none when the
    /// database does not exist.</summary>
    public async Task<StagingCleanup> CleanStagingAreasAsync(DatabaseLocation location, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenIfExistsAsync(location, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return StagingCleanup.None;
        await using var scope = connection.ConfigureAwait(false);
        return await PostgresStaging.CleanAsync(connection, location.DatabaseName ?? "", location.Schema ?? "public", dryRun,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>pg_stat_database</c> row of the database: every numeric counter, by column name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadStatusAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenAsync(location, null, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand("SELECT * FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                if (value is long or int or short or double or float or decimal)
                    result[reader.GetName(i)] = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    /// <summary>The base tables of a schema, sorted (ordinal).</summary>
    internal static async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection connection, string schema,
        CancellationToken cancellationToken) =>
        [.. (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """, new { schema }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Opens a connection to the location's database, or to <paramref name="database"/> instead (the maintenance database
    /// to create or drop one), translating failures into one-line errors.
    /// </summary>
    internal static async Task<NpgsqlConnection> OpenAsync(DatabaseLocation location, string? database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        if (database is not null)
            builder.Database = database;
        try
        {
            // a server restarting (or briefly out of connections) is waited for with backoff: opening is idempotent
            return await PostgresErrors.Retry.OpenAsync(() => new NpgsqlConnection(builder.ConnectionString), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.IsOpenFailure(ex))
        {
            throw PostgresErrors.ForOpen(location, ex);
        }
    }

    /// <summary>A connection to the location's database, or null when the database does not exist.</summary>
    private static async Task<NpgsqlConnection?> OpenIfExistsAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(location, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseOperationException ex) when (ex.InnerException is PostgresException { SqlState: "3D000" })
        {
            return null;
        }
    }

    /// <summary>Runs one statement; a server error becomes a one-line error naming the statement.</summary>
    internal static async Task ExecuteAsync(NpgsqlConnection connection, DatabaseLocation location, string sql,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            var fix = ex.SqlState == "42501" ? " Grant the user the privilege, or use one that has it." : "";
            throw new DatabaseOperationException(
                $"Statement failed on {location.Display}: "
                + $"{PostgresErrors.OneLine(ex.MessageText)}{fix} Statement: {sql.Split('\n')[0]}", ex);
        }
    }
}
