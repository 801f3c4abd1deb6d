using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 12, server trouble: a MariaDB server restarted in the middle of a load (a private throwaway server, so that no other
/// test loses its connections), and the retry policy (<see cref="ServerRetry"/>) against real lock waits and a refused port.
/// </summary>
public sealed class ServerTroubleTests
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [RestartableMariaDbFact]
    public async Task A_server_restart_in_the_middle_of_a_load_leaves_the_target_untouched_and_the_rerun_completes()
    {
        await using var server = await ThrowawayMariaDb.StartAsync(ThrowawayMariaDb.TestOptions);
        await RestartMidLoad.AssertUntouchedThenCompleteAsync(server.Url("restart"), server.RestartAsync,
            () => ChecksumAsync(server, "restart"));
    }

    [RestartableMariaDbFact]
    public async Task A_lock_wait_timeout_on_an_idempotent_statement_is_retried_until_the_lock_is_released()
    {
        await using var server = await ThrowawayMariaDb.StartAsync(ThrowawayMariaDb.TestOptions);
        await server.ExecuteAdminAsync("CREATE DATABASE lockwait");
        var connectionString = new MySqlConnectionStringBuilder(server.AdminConnectionString) { Database = "lockwait" }.ConnectionString;
        await ThrowawayMariaDb.ExecuteAsync(connectionString, "CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        await ThrowawayMariaDb.ExecuteAsync(connectionString, "INSERT INTO t VALUES (1, 0)");
        await using var holder = new MySqlConnection(connectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("UPDATE t SET v = 100 WHERE id = 1", transaction: holding);

        await using var waiter = new MySqlConnection(connectionString);
        await waiter.OpenAsync();
        await waiter.ExecuteAsync("SET SESSION innodb_lock_wait_timeout = 1");
        var attempts = 0;
        var retry = new ServerRetry(MySqlErrors.Trouble, TimeSpan.FromMilliseconds(100));
        // the holder commits after the first attempt has timed out: the retry then gets the lock
        var release = Task.Run(async () =>
        {
            while (Volatile.Read(ref attempts) < 2)
                await Task.Delay(50);
            await holding.CommitAsync();
        });
        await retry.StatementAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            await waiter.ExecuteAsync(new CommandDefinition("UPDATE t SET v = v + 1 WHERE id = 1", cancellationToken: token));
        }, s_ct);
        await release;

        Assert.True(attempts >= 2, $"{attempts} attempts");
        Assert.Equal(101, await waiter.ExecuteScalarAsync<int>("SELECT v FROM t WHERE id = 1"));
    }

    [Fact]
    public async Task A_refused_port_is_retried_then_reported_in_one_line_with_exit_code_3()
    {
        var port = ThrowawayMariaDb.FreePort();
        var location = DatabaseLocation.Parse(
            string.Create(CultureInfo.InvariantCulture, $"mysql://root@127.0.0.1:{port}/nothing?ssl-mode=none&connect-timeout=2"),
            new Dictionary<string, string?>());

        var error = await Assert.ThrowsAsync<DatabaseOperationException>(() => MySqlEngine.Instance.ListTablesAsync(location, s_ct));

        Assert.Equal(ExitCodes.DatabaseError, error.ExitCode);
        Assert.StartsWith("Cannot reach the MySQL server", error.Message, StringComparison.Ordinal);
        Assert.Equal(ServerTrouble.Unreachable, MySqlErrors.Retry.Classify(error.InnerException!));
    }

    [Fact]
    public void Deadlocks_and_lock_timeouts_are_retried_but_a_syntax_error_and_a_lost_connection_are_not_classified_for_statements()
    {
        var retry = MySqlErrors.Retry;
        Assert.Equal(ServerTrouble.ConnectionLost, retry.Classify(new InvalidOperationException("x", new EndOfStreamException())));
        Assert.Equal(ServerTrouble.None, retry.Classify(new InvalidOperationException("x")));
        Assert.True(ServerRetry.IsConnectionLost(new DatabaseOperationException("x", new IOException())));
    }

    private static async Task<string> ChecksumAsync(ThrowawayMariaDb server, string database)
    {
        await using var connection = new MySqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @database ORDER BY TABLE_NAME",
            new { database })).ToList();
        var parts = new List<string>();
        foreach (var table in tables)
        {
            var row = (IDictionary<string, object>)await connection.QuerySingleAsync(
                $"CHECKSUM TABLE {MySqlNames.Quote(database)}.{MySqlNames.Quote(table)} EXTENDED");
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{table}={row["Checksum"]}"));
        }

        return string.Join(",", parts);
    }
}

/// <summary>A fact that restarts a private MariaDB server: it needs the binaries (an external server cannot be restarted).</summary>
public sealed class RestartableMariaDbFactAttribute : FactAttribute
{
    public RestartableMariaDbFactAttribute()
    {
        if (ThrowawayMariaDb.ServerBinary is null && !MariaDbAvailability.IsCi)
            Skip = "No mariadbd here to restart: install mariadb-server.";
    }
}
