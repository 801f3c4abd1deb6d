using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Sweep;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// PostgreSQL for <c>duckface sweep</c>: <c>CREATE DATABASE</c> (which fails on an existing name), a password file
/// (<c>PGPASSFILE</c>) and the libpq variables, <c>CHECKPOINT</c>, and the <c>pg_stat_database</c> counters.
/// </summary>
internal sealed class PostgresScratchServer : IScratchServer
{
    /// <summary>The password file written into a command's folder.</summary>
    public const string PasswordFile = "pgpass";

    private static readonly string[] s_counters =
    [
        "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "blks_read", "blks_hit", "temp_files",
        "temp_bytes",
    ];

    public static PostgresScratchServer Instance { get; } = new();

    /// <summary>A session publishes its counters at a commit at most once a second (PGSTAT_MIN_INTERVAL), or when it ends.</summary>
    public TimeSpan QuietInterval => TimeSpan.FromMilliseconds(1100);

    public string DatabaseUrl(string serverUrl, string name) => ServerUrl.WithDatabase(serverUrl, name);

    public async Task CreateNewAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await PostgresEngine.OpenAsync(database, PostgresEngine.MaintenanceDatabase, cancellationToken)
            .ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        // CREATE DATABASE fails on an existing name: the sweep never adopts a database it did not create
        await PostgresEngine.ExecuteAsync(connection, database,
            $"CREATE DATABASE {PostgresNames.Quote(database.DatabaseName!)} ENCODING 'UTF8' TEMPLATE template0", cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListDatabasesAsync(DatabaseLocation server, string prefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connection = await PostgresEngine.OpenAsync(server, PostgresEngine.MaintenanceDatabase, cancellationToken)
            .ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        var names = await connection.QueryAsync<string>(new CommandDefinition("SELECT datname FROM pg_database",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyDictionary<string, string>> PrepareClientAsync(DatabaseLocation database, string directory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var port = builder.Port.ToString(CultureInfo.InvariantCulture);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DUCKFACE_HOST"] = builder.Host!,
            ["DUCKFACE_PORT"] = port,
            ["DUCKFACE_USER"] = builder.Username!,
            ["PGHOST"] = builder.Host!,
            ["PGPORT"] = port,
            ["PGUSER"] = builder.Username!,
            ["PGDATABASE"] = database.DatabaseName!,
        };
        if (builder.SslMode == SslMode.Disable)
            environment["PGSSLMODE"] = "disable";
        if (!string.IsNullOrEmpty(builder.Password))
        {
            // any host and database of this user: the command may connect through a socket or to the maintenance database
            var path = Path.Combine(directory, PasswordFile);
            await PrivateFile.WriteAsync(path, $"*:*:*:{Escape(builder.Username!)}:{Escape(builder.Password)}\n", cancellationToken)
                .ConfigureAwait(false);
            environment["PGPASSFILE"] = path;
        }

        return environment;
    }

    /// <summary><c>VACUUM ANALYZE</c>: autovacuum then finds nothing to do after the load while the command runs.</summary>
    public async Task SettleAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await PostgresEngine.OpenAsync(database, null, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        await PostgresEngine.ExecuteAsync(connection, database, "VACUUM ANALYZE", cancellationToken).ConfigureAwait(false);
        await connection.CloseAsync().ConfigureAwait(false);
        // idle pooled sessions (the load's) publish their counters only when they end or after ten idle seconds
        NpgsqlConnection.ClearAllPools();
    }

    public async Task<string> FlushCachesAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await PostgresEngine.OpenAsync(database, null, cancellationToken).ConfigureAwait(false);
        await using var scope = connection.ConfigureAwait(false);
        await PostgresEngine.ExecuteAsync(connection, database, "CHECKPOINT", cancellationToken).ConfigureAwait(false);
        return "CHECKPOINT (the load's dirty shared buffers written); PostgreSQL cannot empty shared_buffers or the OS page cache "
            + "without a restart";
    }

    public IReadOnlyDictionary<string, double> Measures(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in s_counters)
        {
            if (after.TryGetValue(name, out var value) && before.TryGetValue(name, out var old))
                result[name] = value - old;
        }

        // rows scanned and index entries returned: what a heap scan (an index build, a full-table UPDATE) costs
        result[SweepMeasures.RowsRead] = result.GetValueOrDefault("tup_returned");
        return result;
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
}
