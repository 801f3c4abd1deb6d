using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Sweep;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// MySQL/MariaDB for <c>duckface sweep</c>: <c>CREATE DATABASE</c> without <c>IF NOT EXISTS</c>, an option file
/// (<c>my.cnf</c>, for <c>--defaults-extra-file</c>), <c>FLUSH TABLES</c> and a dirty-page flush, and the InnoDB and
/// handler counters of <c>SHOW GLOBAL STATUS</c>.
/// </summary>
internal sealed class MySqlScratchServer : IScratchServer
{
    /// <summary>The option file written into a command's folder.</summary>
    public const string OptionFile = "my.cnf";

    private static readonly string[] s_rowReads =
        ["Handler_read_first", "Handler_read_key", "Handler_read_last", "Handler_read_next", "Handler_read_prev", "Handler_read_rnd",
            "Handler_read_rnd_next"];

    private static readonly HashSet<string> s_innodb = new(StringComparer.Ordinal)
    {
        "Innodb_rows_read", "Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_rows_deleted", "Innodb_data_read",
        "Innodb_data_written", "Innodb_data_reads", "Innodb_data_writes", "Innodb_os_log_written", "Innodb_pages_created",
        "Innodb_pages_read", "Innodb_pages_written", "Innodb_buffer_pool_read_requests", "Innodb_buffer_pool_reads",
        "Innodb_buffer_pool_write_requests",
    };

    public static MySqlScratchServer Instance { get; } = new();

    /// <summary>SHOW GLOBAL STATUS counts as work happens.</summary>
    public TimeSpan QuietInterval => TimeSpan.FromMilliseconds(200);

    public string DatabaseUrl(string serverUrl, string name) => ServerUrl.WithDatabase(serverUrl, name);

    public async Task CreateNewAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await MySqlEngine.OpenServerAsync(database, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        try
        {
            // no IF NOT EXISTS: an existing database of that name is someone else's, and the sweep must fail rather than adopt it
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE DATABASE {MySqlNames.Quote(database.DatabaseName!)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"Cannot create {database.Display}: {MySqlErrors.OneLine(ex.Message)}", ex);
        }
    }

    public async Task<IReadOnlyList<string>> ListDatabasesAsync(DatabaseLocation server, string prefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connection = await MySqlEngine.OpenServerAsync(server, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyDictionary<string, string>> PrepareClientAsync(DatabaseLocation database, string directory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = new MySqlConnectionStringBuilder(database.ConnectionString);
        var socket = builder.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket;
        var lines = new List<string> { "[client]", "user=" + Escape(builder.UserID) };
        if (!string.IsNullOrEmpty(builder.Password))
            lines.Add("password=" + Escape(builder.Password));
        lines.Add(socket ? "socket=" + Escape(builder.Server) : "host=" + Escape(builder.Server));
        if (!socket)
            lines.Add("port=" + builder.Port.ToString(CultureInfo.InvariantCulture));
        if (builder.SslMode == MySqlSslMode.None)
            lines.Add("skip-ssl");
        // the database only for the mysql client itself: mysqladmin and mysqldump refuse an unknown 'database' option
        lines.AddRange(["[mysql]", "database=" + Escape(database.DatabaseName!)]);
        var path = Path.Combine(directory, OptionFile);
        await PrivateFile.WriteAsync(path, string.Join('\n', lines) + "\n", cancellationToken).ConfigureAwait(false);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DUCKFACE_HOST"] = socket ? "localhost" : builder.Server,
            ["DUCKFACE_PORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["DUCKFACE_USER"] = builder.UserID,
            ["DUCKFACE_DEFAULTS_FILE"] = path,
        };
        if (socket)
            environment["DUCKFACE_SOCKET"] = builder.Server;
        return environment;
    }

    /// <summary><c>ANALYZE TABLE</c> of every table: InnoDB then has no statistics recalculation queued for the load.</summary>
    public async Task SettleAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var tables = await MySqlEngine.Instance.ListTablesAsync(database, cancellationToken).ConfigureAwait(false);
        if (tables.Count == 0)
            return;
        var connection = await MySqlEngine.OpenServerAsync(database, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var names = string.Join(", ", tables.Select(t => MySqlNames.Quote(database.DatabaseName!) + "." + MySqlNames.Quote(t)));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE TABLE " + names, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"ANALYZE TABLE failed on {database.Display}: {MySqlErrors.OneLine(ex.Message)}", ex);
        }
    }

    public async Task<string> FlushCachesAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await MySqlEngine.OpenServerAsync(database, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("FLUSH TABLES", cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            // write the load's dirty pages now, so that the background flush does not land in the run's counters
            var pct = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT @@GLOBAL.innodb_max_dirty_pages_pct", cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("SET GLOBAL innodb_max_dirty_pages_pct = 0",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            try
            {
                for (var i = 0; i < 300; i++)
                {
                    var dirty = await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
                        "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'", cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                    if (long.Parse(dirty.Item2, CultureInfo.InvariantCulture) == 0)
                        break;
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await connection.ExecuteAsync(new CommandDefinition($"SET GLOBAL innodb_max_dirty_pages_pct = {double.Parse(pct!,
                    CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}", cancellationToken: CancellationToken.None))
                    .ConfigureAwait(false);
            }
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"--cold failed on {database.Display}: {MySqlErrors.OneLine(ex.Message)} "
                + "It needs the RELOAD and SUPER (or SYSTEM_VARIABLES_ADMIN) privileges; run without --cold otherwise.", ex);
        }

        return "FLUSH TABLES, then every dirty InnoDB page written (innodb_max_dirty_pages_pct 0 until none is left); "
            + "the buffer pool and the OS page cache are not emptied";
    }

    public IReadOnlyDictionary<string, double> Measures(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in after)
        {
            var measured = s_innodb.Contains(name)
                || (name.StartsWith("Handler_", StringComparison.Ordinal) && !name.StartsWith("Handler_tmp_", StringComparison.Ordinal));
            if (measured && before.TryGetValue(name, out var old))
                result[name] = value - old;
        }

        // MariaDB 10.6+ has no Innodb_rows_read; the handler's row reads are what both servers count
        result[SweepMeasures.RowsRead] = result.TryGetValue("Innodb_rows_read", out var innodb)
            ? innodb
            : s_rowReads.Sum(n => result.GetValueOrDefault(n));
        return result;
    }

    /// <summary>An option-file value, quoted when it holds what the option-file syntax would read otherwise.</summary>
    private static string Escape(string value) =>
        value.IndexOfAny(['#', ' ', '"', '\'', '\\', ';']) < 0 ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
