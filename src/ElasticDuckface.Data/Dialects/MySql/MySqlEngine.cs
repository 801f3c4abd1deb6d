using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>MySQL and MariaDB through MySqlConnector.</summary>
public sealed class MySqlEngine : IDatabaseEngine
{
    private MySqlEngine()
    {
    }

    /// <inheritdoc/>
    public IScratchServer Scratch => MySqlScratchServer.Instance;

    /// <summary>The one instance.</summary>
    public static MySqlEngine Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "mysql";

    /// <inheritdoc/>
    public IReadOnlyList<string> Schemes { get; } = ["mysql", "mariadb"];

    /// <inheritdoc/>
    public string UrlExample => "mysql://user@host:port/database";

    /// <summary>MySQL's integer widths; <c>integer</c> is <c>int</c> there (64-bit in SQLite).</summary>
    public IColumnTypeMap Types { get; } = new NamedColumnTypeMap(new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["tinyint"] = 8, ["smallint"] = 16, ["mediumint"] = 24, ["int"] = 32, ["integer"] = 32, ["bigint"] = 64,
    });

    /// <inheritdoc/>
    public DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment) => MySqlLocation.Parse(text, environment);

    /// <inheritdoc/>
    public Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken) =>
        MySqlSource.OpenAsync(location, cancellationToken);

    /// <inheritdoc/>
    public async Task<IDatabaseWriter> OpenWriterAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken) =>
        options is { Mode: TargetMode.IntoExisting }
            ? await MySqlExistingWriter.OpenAsync(location, options, cancellationToken).ConfigureAwait(false)
            : await MySqlWriter.OpenAsync(location, options, cancellationToken).ConfigureAwait(false);

    /// <summary>A MySQL profile's column of a type duckface cannot generate is refused before the target is opened.</summary>
    public void RefuseUnwritable(IReadOnlyList<TableProfile> tables, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == TargetMode.Create && options.IsFrom(Name))
            MySqlPreflight.Check(tables);
    }

    /// <summary>Whether the database exists on the server.</summary>
    public async Task<bool> ExistsAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", new { db = location.DatabaseName },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task CreateDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        await ExecuteAsync(connection, location,
            $"CREATE DATABASE IF NOT EXISTS {MySqlNames.Quote(location.DatabaseName!)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DropDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        await ExecuteAsync(connection, location, $"DROP DATABASE IF EXISTS {MySqlNames.Quote(location.DatabaseName!)}", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListTablesAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME",
            new { db = location.DatabaseName }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary><c>SHOW GLOBAL STATUS</c>, the numeric counters only.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadStatusAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Name, string Value)>(
                new CommandDefinition("SHOW GLOBAL STATUS", cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in rows)
        {
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                result[name] = n;
        }

        return result;
    }

    /// <summary>
    /// <c>mysql|</c>, the server's own <c>@@hostname</c>, <c>@@port</c> and <c>@@datadir</c>, and the database name:
    /// the same whether the URL says <c>localhost</c>, <c>127.0.0.1</c> or a socket.
    /// </summary>
    public async Task<string> ReadIdentityAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var (host, port, datadir) = await connection.QuerySingleAsync<(string, long, string)>(new CommandDefinition(
            "SELECT @@hostname, @@port, @@datadir", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"mysql|{host}|{port}|{datadir}|{location.DatabaseName}");
    }

    /// <summary>The <c>&lt;db&gt;__duckface_staging_*</c> databases left by interrupted runs (<see cref="MySqlStaging"/>).</summary>
    public async Task<IReadOnlyList<string>> FindStagingAreasAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        return await MySqlStaging.FindAsync(connection, location.DatabaseName!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the staging databases of interrupted runs (<see cref="MySqlStaging"/>) under the target's run lock; while a
    /// generate holds it, they are its own and stay.
    /// </summary>
    public async Task<StagingCleanup> CleanStagingAreasAsync(DatabaseLocation location, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var database = location.DatabaseName!;
        var connection = await OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        if (!await MySqlStaging.TryLockAsync(connection, database, cancellationToken).ConfigureAwait(false))
            return new StagingCleanup([], await MySqlStaging.FindAsync(connection, database, cancellationToken).ConfigureAwait(false));
        try
        {
            return new StagingCleanup(await MySqlStaging.DropAllAsync(connection, database, cancellationToken, dryRun)
                .ConfigureAwait(false), []);
        }
        finally
        {
            await MySqlStaging.UnlockAsync(connection, database).ConfigureAwait(false);
        }
    }

    /// <summary>A connection to the server without a default database (which may not exist yet).</summary>
    internal static async Task<MySqlConnection> OpenServerAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "" };
        try
        {
            // a server restarting (or briefly out of connections) is waited for with backoff: opening is idempotent
            return await MySqlErrors.Retry.OpenAsync(() => new MySqlConnection(builder.ConnectionString), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (MySqlErrors.IsOpenFailure(ex))
        {
            throw MySqlErrors.ForOpen(location, ex);
        }
    }

    private static async Task ExecuteAsync(MySqlConnection connection, DatabaseLocation location, string sql,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"Statement failed on {location.Display}: {MySqlErrors.OneLine(ex.Message)}", ex);
        }
    }
}
