using System.Data.Common;
using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Tests.Infrastructure;
using Npgsql;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>PostgreSQL: fresh databases on the shared throwaway server (<see cref="PostgresServer"/>), dropped on dispose.</summary>
public sealed class PostgresFixture(PostgresServer server) : IEngineFixture
{
    private readonly List<string> _urls = [];

    public static string? SkipReason => PostgresAvailability.SkipReason;

    public IDatabaseEngine Engine => PostgresEngine.Instance;

    /// <summary>Rows written, as <c>pg_stat_database</c> counts them for the database.</summary>
    public IReadOnlyList<string> WriteCounters { get; } = ["tup_inserted", "tup_updated", "tup_deleted"];

    public string NewDatabaseUrl(string name)
    {
        var url = server.NewDatabaseUrl(name);
        _urls.Add(url);
        return url;
    }

    /// <summary>Loads Chinook, then waits until the load's row counters are published, so later reads see them settled.</summary>
    public async Task LoadChinookAsync(string url)
    {
        var location = PostgresServer.Parse(url);
        await Engine.CreateDatabaseAsync(location, CancellationToken.None);
        await PostgresServer.LoadChinookIntoAsync(url);
        NpgsqlConnection.ClearAllPools();
        long previous = -1;
        for (var wait = 0; wait < 50; wait++)
        {
            var status = await Engine.ReadStatusAsync(location, CancellationToken.None);
            var inserted = status.GetValueOrDefault("tup_inserted");
            if (inserted > 0 && inserted == previous)
                return;
            previous = inserted;
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// An unpooled connection: closing it ends its server process, which publishes that process's statistics
    /// (PostgreSQL otherwise flushes them at most once a second).
    /// </summary>
    public async Task<DbConnection> OpenAsync(string url)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.Parse(url).ConnectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The md5 of every table's rows in a fixed order.</summary>
    public async Task<string> FingerprintAsync(string url)
    {
        await using var connection = await OpenAsync(url);
        var tables = await connection.QueryAsync<string>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE \"C\"");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var md5 = await connection.ExecuteScalarAsync<string?>($"SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {quoted} t");
            parts.Add(table + "=" + md5);
        }

        return string.Join(",", parts);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var url in _urls)
            await Engine.DropDatabaseAsync(PostgresServer.Parse(url), CancellationToken.None);
    }
}
