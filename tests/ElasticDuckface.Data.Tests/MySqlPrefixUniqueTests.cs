using Dapper;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 10: a unique key on a column prefix (<c>UNIQUE KEY (name(6))</c>, as Nova's <c>migrations</c> indexes
/// <c>source_compute(100)</c>) is profiled with its prefix length and enforced by MariaDB on those characters only: the
/// generated values must differ there, whether the tool creates the table or fills the migrations' own.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlPrefixUniqueTests(MariaDbServer server)
{
    private const string Schema = "CREATE TABLE hosts (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        + "name VARCHAR(255) NOT NULL, UNIQUE KEY uniq_name (name(6)))";

    [MySqlFact]
    public async Task Values_of_a_unique_key_on_a_prefix_load_into_the_tools_table_and_into_the_migrations_own()
    {
        var source = await server.CreateDatabaseAsync("prefix_src");
        var rows = Enumerable.Range(1, 300)
            .Select(i => $"INSERT INTO hosts (name) VALUES ('{i:D6}.compute.region-one.example.org')");
        await MariaDbServer.ExecuteAsync(source, [Schema, .. rows]);
        var profile = await Profiler.ProfileAsync(MariaDbServer.Parse(source), new ProfileSettings());
        Assert.Equal([6], profile.Tables.Single().UniqueKeys.Single().PrefixLengths!);
        var scale = new ScaleOptions { Scale = 40 };

        var created = await server.CreateDatabaseAsync("prefix_new");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = scale, Target = created });
        var existing = await server.CreateDatabaseAsync("prefix_old");
        await MariaDbServer.ExecuteAsync(existing, [Schema]);
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = scale, Target = existing, IntoExisting = true });

        foreach (var url in new[] { created, existing })
        {
            await using var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
            var (count, prefixes, longest) = await connection.QuerySingleAsync<(long, long, long)>(
                "SELECT COUNT(*), COUNT(DISTINCT LEFT(name, 6)), MAX(CHAR_LENGTH(name)) FROM hosts");
            Assert.Equal((12_000L, 12_000L), (count, prefixes));
            Assert.True(longest > 6, $"the values were cut to the prefix: longest {longest}");
            Assert.Equal("name(6)", await connection.ExecuteScalarAsync<string>(
                "SELECT CONCAT(COLUMN_NAME, '(', SUB_PART, ')') FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'hosts' AND INDEX_NAME = 'uniq_name'"));
        }
    }
}
