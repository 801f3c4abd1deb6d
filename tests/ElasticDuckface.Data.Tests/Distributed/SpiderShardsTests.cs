using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Distributed;

/// <summary>Whether MariaDB's Spider engine is installed (Debian's mariadb-plugin-spider); under CI=true it must be.</summary>
public static class SpiderAvailability
{
    /// <summary>Debian's plugin directory.</summary>
    public const string PluginFile = "/usr/lib/mysql/plugin/ha_spider.so";

    /// <summary>Why the Spider tests are skipped, or null when they run.</summary>
    public static string? SkipReason { get; } = MariaDbAvailability.SkipReason
        ?? (File.Exists(PluginFile) || MariaDbAvailability.IsCi
            ? null
            : $"The Spider engine is not installed ({PluginFile}): apt-get install mariadb-plugin-spider.");
}

/// <summary>A fact that needs throwaway MariaDB servers with the Spider engine.</summary>
public sealed class SpiderFactAttribute : FactAttribute
{
    public SpiderFactAttribute()
    {
        if (SpiderAvailability.SkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>
/// The distributed path on a real engine (issue 13, docs/scale-out.md; examples/spider/run.sh is the same at any size):
/// each shard loads its own MariaDB backend with no coordination, and a Spider frontend whose tables span the backends
/// holds the unsharded run: the same counts, no orphan, the same join, the same point lookups, and verify passes.
/// </summary>
public sealed class SpiderShardsTests
{
    private const int Shards = 2;

    [SpiderFact]
    public async Task Shards_loaded_into_their_own_backends_are_one_unsharded_run_through_spider()
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var request = new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 0.3, Seed = 11 } };
        var servers = new List<ThrowawayMariaDb>();
        try
        {
            for (var i = 0; i <= Shards; i++)
                servers.Add(await ThrowawayMariaDb.StartAsync(ThrowawayMariaDb.TestOptions));
            var front = servers[Shards];
            // the shards in parallel, each into its own backend, as N machines would
            await Task.WhenAll(Enumerable.Range(0, Shards).Select(i => GenerateRun.RunAsync(request with
            {
                Target = servers[i].Url("shard"), Shard = new Shard(i, Shards),
            })));
            var whole = await GenerateRun.RunAsync(request with { Target = front.Url("whole") });

            await front.ExecuteAdminAsync("INSTALL SONAME 'ha_spider'");
            await front.ExecuteAdminAsync("CREATE DATABASE spider");
            for (var i = 0; i < Shards; i++)
            {
                var port = servers[i].Port.ToString(CultureInfo.InvariantCulture);
                await front.ExecuteAdminAsync($"CREATE SERVER backend{i} FOREIGN DATA WRAPPER mysql OPTIONS (HOST '127.0.0.1', "
                    + $"PORT {port}, USER 'root', PASSWORD '', DATABASE 'shard')");
            }

            foreach (var table in profile.Tables)
                await front.ExecuteAdminAsync(await SpiderTableAsync(servers, table));

            var admin = front.AdminConnectionString;
            foreach (var table in profile.Tables)
            {
                Assert.Equal(await ScalarAsync(admin, $"SELECT COUNT(*) FROM whole.`{table.Name}`"),
                    await ScalarAsync(admin, $"SELECT COUNT(*) FROM spider.`{table.Name}`"));
                foreach (var fk in table.ForeignKeys)
                {
                    var (c, p) = (fk.Columns[0], fk.ReferencedColumns[0]);
                    Assert.Equal("0", await ScalarAsync(admin, $"SELECT COUNT(*) FROM spider.`{table.Name}` c WHERE c.`{c}` IS NOT NULL "
                        + $"AND NOT EXISTS (SELECT 1 FROM spider.`{fk.ReferencedTable}` p WHERE p.`{p}` = c.`{c}`)"));
                }
            }

            const string Join = "SELECT g.Name, COUNT(*), SUM(il.UnitPrice * il.Quantity) FROM {0}.InvoiceLine il "
                + "JOIN {0}.Track t ON t.TrackId = il.TrackId JOIN {0}.Genre g ON g.GenreId = t.GenreId GROUP BY g.Name ORDER BY g.Name";
            Assert.Equal(await RowsAsync(admin, string.Format(CultureInfo.InvariantCulture, Join, "whole")),
                await RowsAsync(admin, string.Format(CultureInfo.InvariantCulture, Join, "spider")));
            // point lookups on both sides of the shard boundary go to the right backend
            var boundary = long.Parse(await ScalarAsync(servers[1].AdminConnectionString, "SELECT MIN(TrackId) FROM shard.Track"),
                CultureInfo.InvariantCulture);
            foreach (var id in new[] { boundary - 1, boundary })
            {
                Assert.Equal(await RowsAsync(admin, $"SELECT * FROM whole.Track WHERE TrackId = {id}"),
                    await RowsAsync(admin, $"SELECT * FROM spider.Track WHERE TrackId = {id}"));
            }

            var verify = await VerifyRun.RunAsync(profile, DatabaseLocation.Parse(front.Url("spider")),
                new VerifyOptions { Plan = whole.Plan });
            Assert.True(verify.Report.HardChecksFailed == 0,
                string.Join("; ", verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
            Assert.NotEqual(Verdict.Failed, verify.Report.Verdict);
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }

    /// <summary>The Spider table over the shards' copies of <paramref name="table"/>: the shard's DDL (no foreign keys) with the
    /// engine replaced, RANGE-partitioned on the first primary-key column, each partition starting at the smallest value its
    /// shard holds (the generator's keys grow with the row number, so the rule matches the shards' row slices).</summary>
    private static async Task<string> SpiderTableAsync(List<ThrowawayMariaDb> servers, TableProfile table)
    {
        var ddl = await ShowCreateAsync(servers[0].AdminConnectionString, table.Name);
        ddl = Regex.Replace(ddl, @"\)\s*ENGINE=.*$", ")", RegexOptions.Singleline);
        var key = table.PrimaryKey!.Columns[0];
        var partitions = new StringBuilder();
        string? server = null;
        for (var i = 0; i < Shards; i++)
        {
            var min = await ScalarAsync(servers[i].AdminConnectionString, $"SELECT MIN(`{key}`) FROM shard.`{table.Name}`");
            if (min.Length == 0)
                continue; // an empty shard of a small table: nothing to route to
            if (server is not null)
                partitions.Append(CultureInfo.InvariantCulture, $" VALUES LESS THAN ({min}) COMMENT = 'srv \"{server}\"',");
            partitions.Append(CultureInfo.InvariantCulture, $" PARTITION p{i}");
            server = "backend" + i.ToString(CultureInfo.InvariantCulture);
        }

        partitions.Append(CultureInfo.InvariantCulture, $" VALUES LESS THAN MAXVALUE COMMENT = 'srv \"{server}\"'");
        return $"USE spider; {ddl} ENGINE=SPIDER COMMENT='wrapper \"mysql\", table \"{table.Name}\"' "
            + $"PARTITION BY RANGE (`{key}`) ({partitions})";
    }

    private static async Task<string> ShowCreateAsync(string connectionString, string table)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SHOW CREATE TABLE shard.`{table}`", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetString(1);
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql) =>
        (await RowsAsync(connectionString, sql)).Single().Split('\t')[0];

    /// <summary>Every row of a query, each as its values joined by tabs (NULL as empty).</summary>
    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            rows.Add(string.Join('\t', values));
        }

        return rows;
    }
}
