using Dapper;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Tests.Infrastructure;
using Npgsql;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 12, server trouble on PostgreSQL: a private throwaway server stopped as by a crash (<c>pg_ctl stop -m immediate</c>)
/// and started again while a table's binary COPY is open, as <see cref="ServerTroubleTests"/> does to MariaDB.
/// </summary>
public sealed class PostgresServerTroubleTests
{
    [RestartablePostgresFact]
    public async Task A_server_restart_in_the_middle_of_a_load_leaves_the_target_untouched_and_the_rerun_completes()
    {
        await using var server = await ThrowawayPostgres.StartAsync(ThrowawayPostgres.TestSettings);
        await server.ExecuteAdminAsync("CREATE DATABASE restart");
        await RestartMidLoad.AssertUntouchedThenCompleteAsync(server.Url("restart"), server.RestartAsync, () => ChecksumAsync(server));
    }

    /// <summary>An md5 of every row of every table of <c>public</c>, rows sorted (as scripts/kill-test.sh).</summary>
    private static async Task<string> ChecksumAsync(ThrowawayPostgres server)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = "restart" }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).ToList();
        var parts = new List<string>();
        foreach (var table in tables)
        {
            var quoted = PostgresNames.Quote(table);
            var sum = await connection.ExecuteScalarAsync<string>(
                $"SELECT md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM public.{quoted} t");
            parts.Add(table + "=" + sum);
        }

        return string.Join(",", parts);
    }
}

/// <summary>A fact that restarts a private PostgreSQL server: it needs the binaries (an external server cannot be restarted).</summary>
public sealed class RestartablePostgresFactAttribute : FactAttribute
{
    public RestartablePostgresFactAttribute()
    {
        if (ThrowawayPostgres.BinDirectory is null && PostgresAvailability.SkipReason is not null)
            Skip = "No PostgreSQL binaries here to restart: install postgresql.";
    }
}
