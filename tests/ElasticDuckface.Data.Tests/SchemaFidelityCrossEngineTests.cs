using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// A MariaDB profile with the schema facts only MySQL has (collations, prefix lengths, ON UPDATE, generated columns)
/// still generates into PostgreSQL and SQLite: those facts are ignored there, generated columns become plain ones left NULL.
/// </summary>
[Collection(CrossEngineCollection.Name)]
public sealed class SchemaFidelityCrossEngineTests(MariaDbServer mariaDb, PostgresServer postgres)
{
    [PostgresFact]
    public async Task Real_nova_and_the_shapes_tables_profiled_on_mariadb_generate_into_postgres_and_sqlite()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var nova = await mariaDb.CreateDatabaseAsync("xfid_nova");
        await MariaDbServer.ExecuteScriptAsync(nova, await File.ReadAllTextAsync(RepositoryFiles.Path("tests/data/nova/nova.sql")));
        var shapes = await mariaDb.CreateDatabaseAsync("xfid_shapes");
        await MariaDbServer.ExecuteScriptAsync(shapes, MySqlSchemaFidelityTests.ShapesScript);
        var novaProfile = await Profiler.ProfileAsync(MariaDbServer.Parse(nova), new ProfileSettings());
        var shapesProfile = await Profiler.ProfileAsync(MariaDbServer.Parse(shapes), new ProfileSettings());
        using var dir = TestFiles.CreateTempDirectory();

        foreach (var (profile, name) in new[] { (novaProfile, "nova"), (shapesProfile, "shapes") })
        {
            foreach (var url in new[] { postgres.NewDatabaseUrl("xfid_" + name), dir.File(name + ".db") })
            {
                await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2 }, Target = url });
                var location = DatabaseEngines.Parse(url, new Dictionary<string, string?>());
                var tables = await location.Engine.ListTablesAsync(location, CancellationToken.None);
                Assert.Equal(profile.Tables.Select(t => t.Name), tables.Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)));
            }
        }

        // the generated columns exist as plain columns, NULL in every generated row; the others are filled
        await using var lite = new SqliteConnection($"Data Source={dir.File("shapes.db")}");
        Assert.Equal((6L, 0L), await lite.QuerySingleAsync<(long, long)>(
            "SELECT COUNT(*), COUNT(memory_gb) + COUNT(label) FROM migrations WHERE memory_mb IS NOT NULL"));
    }

    [PostgresFact]
    public async Task A_postgres_text_primary_key_that_a_foreign_key_references_generates_into_mariadb()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var source = await postgres.CreateDatabaseAsync("xtextkey");
        await PostgresServer.ExecuteAsync(source, """
            CREATE TABLE tags (name text PRIMARY KEY, note text);
            CREATE TABLE post_tags (id serial PRIMARY KEY, tag text NOT NULL REFERENCES tags (name));
            INSERT INTO tags SELECT 'tag-' || i, repeat('x', i) FROM generate_series(1, 300) i;
            INSERT INTO post_tags (tag) SELECT 'tag-' || (1 + i % 300) FROM generate_series(1, 900) i;
            """);
        var profile = await Profiler.ProfileAsync(PostgresServer.Parse(source), new ProfileSettings());
        var target = mariaDb.UrlOf(MariaDbServer.UniqueName("xtextkey"));

        // the keys become VARCHAR of their longest value (TEXT would take a prefix index, which no foreign key can use)
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2 }, Target = target });

        await using var connection = new MySqlConnection(MariaDbServer.Parse(target).ConnectionString);
        Assert.Equal("varchar(255)|text|varchar(255)", await connection.ExecuteScalarAsync<string>(
            "SELECT GROUP_CONCAT(COLUMN_TYPE ORDER BY TABLE_NAME DESC, COLUMN_NAME SEPARATOR '|') FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE <> 'int'"));
        Assert.Equal(1800, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM post_tags p JOIN tags t ON t.name = p.tag"));
    }
}
