using Dapper;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Schema fidelity (issue 10): a MariaDB schema → profile (through JSON) → generate into a new database → the two
/// schemas compare equal row for row in <c>information_schema</c> (<see cref="MySqlSchemaDiff"/>).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlSchemaFidelityTests(MariaDbServer server)
{
    /// <summary>
    /// Two tables with what Nova's tables have (prefix index lengths, utf8mb3 tables, ENUM, MEDIUMTEXT, AUTO_INCREMENT,
    /// UNSIGNED, quoted defaults) and what other applications have (SET, TINYBLOB, a column's own character set, TEXT
    /// defaults, ON UPDATE, virtual and stored generated columns, a prefix unique key), with three rows to scale.
    /// </summary>
    internal const string ShapesScript = """
        CREATE TABLE hosts (
          id INT UNSIGNED NOT NULL AUTO_INCREMENT,
          name VARCHAR(255) NOT NULL,
          PRIMARY KEY (id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;
        CREATE TABLE migrations (
          id INT NOT NULL AUTO_INCREMENT,
          created_at DATETIME NULL,
          updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
          host_id INT UNSIGNED NULL,
          source_compute VARCHAR(255) NULL,
          dest_compute VARCHAR(255) NULL,
          source_node VARCHAR(255) NULL,
          dest_node VARCHAR(255) NULL,
          status VARCHAR(255) NULL DEFAULT 'queued',
          migration_type ENUM('migration','resize','live-migration','evacuation') NULL,
          flags SET('a','b','c') NOT NULL DEFAULT 'a,b',
          notes MEDIUMTEXT NULL,
          blob_small TINYBLOB NULL,
          doc LONGTEXT CHARACTER SET latin1 COLLATE latin1_bin NULL,
          summary TEXT NULL DEFAULT 'none',
          memory_mb BIGINT UNSIGNED NOT NULL DEFAULT 0,
          ratio FLOAT NULL DEFAULT 1.5,
          memory_gb DOUBLE AS (memory_mb / 1024) VIRTUAL,
          label VARCHAR(300) AS (CONCAT(status, ':', memory_mb)) STORED,
          deleted INT NULL DEFAULT 0,
          PRIMARY KEY (id),
          KEY migrations_by_host_nodes_and_status_idx
            (deleted, source_compute(100), dest_compute(100), source_node(100), dest_node(100), status),
          KEY ix_label (label(20)),
          UNIQUE KEY uq_node (source_node(50), deleted),
          KEY fk_host (host_id),
          FULLTEXT KEY ft_notes (notes, summary),
          CONSTRAINT fk_host FOREIGN KEY (host_id) REFERENCES hosts (id) ON DELETE SET NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
        INSERT INTO hosts (name) VALUES ('a'), ('b'), ('c');
        INSERT INTO migrations (host_id, source_compute, source_node, status, migration_type, memory_mb)
        VALUES (1, 'c1', 'n1', 'done', 'resize', 2048), (2, 'c2', 'n2', 'error', 'migration', 4096),
               (NULL, 'c3', 'n3', DEFAULT, NULL, 0);
        """;

    [MySqlFact]
    public async Task Chinook_rebuilt_from_its_profile_has_the_same_information_schema()
    {
        var source = await server.CreateDatabaseAsync("fid_chinook");
        await MariaDbServer.LoadScriptFileAsync(source, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");

        var differences = await RoundTripAsync(source, scale: 1);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [MySqlTheory]
    [InlineData("nova")]
    [InlineData("nova_api")]
    public async Task Real_nova_rebuilt_from_its_profile_has_the_same_information_schema(string database)
    {
        // nova-manage db sync's own schema (tests/data/nova): 110 cell tables, 32 API tables
        var source = await server.CreateDatabaseAsync("fid_" + database);
        var script = await File.ReadAllTextAsync(RepositoryFiles.Path($"tests/data/nova/{database}.sql"));
        await MariaDbServer.ExecuteScriptAsync(source, script);

        var differences = await RoundTripAsync(source, scale: 1);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [MySqlFact]
    public async Task Prefix_keys_collations_enums_defaults_on_update_and_generated_columns_survive_the_round_trip()
    {
        var source = await server.CreateDatabaseAsync("fid_shapes");
        await MariaDbServer.ExecuteScriptAsync(source, ShapesScript);

        var (differences, target) = await RoundTripWithTargetAsync(source, scale: 2);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        await using var connection = new MySqlConnection(MariaDbServer.Parse(target).ConnectionString);
        // the server computed the generated columns of every generated row: the writer inserted none of them
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM migrations WHERE memory_gb = memory_mb / 1024 AND label <=> CONCAT(status, ':', memory_mb)"));
    }

    [MySqlFact]
    public async Task The_diff_names_each_row_that_differs_and_nothing_else()
    {
        var left = await server.CreateDatabaseAsync("fid_left");
        var right = await server.CreateDatabaseAsync("fid_right");
        await MariaDbServer.ExecuteScriptAsync(left,
            "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(200) COLLATE utf8mb4_bin, KEY ix (a(10)))");
        await MariaDbServer.ExecuteScriptAsync(right, "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(200), KEY ix (a))");
        var l = MariaDbServer.Parse(left);

        var differences = await MySqlSchemaDiff.CompareAsync(l.ConnectionString, l.DatabaseName!, MariaDbServer.Parse(right).DatabaseName!);

        Assert.Equal(
        [
            "+ column: t | a | 2 | varchar(200) | YES | NULL |  | utf8mb4 | utf8mb4_unicode_ci | ∅",
            "+ index: t | ix | 1 | 1 | a | ∅ | YES | BTREE",
            "- column: t | a | 2 | varchar(200) | YES | NULL |  | utf8mb4 | utf8mb4_bin | ∅",
            "- index: t | ix | 1 | 1 | a | 10 | YES | BTREE",
        ], differences);
    }

    [MySqlFact]
    public async Task The_profile_keeps_the_new_schema_facts_and_omits_them_where_they_follow_the_table()
    {
        var source = await server.CreateDatabaseAsync("fid_profile");
        await MariaDbServer.ExecuteScriptAsync(source, """
            CREATE TABLE t (
              id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              a VARCHAR(255) NULL,
              b VARCHAR(10) CHARACTER SET latin1 NULL,
              c INT AS (id * 2) VIRTUAL,
              d TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
              KEY ix_a (a(100), id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
            """);
        var profile = await Profiler.ProfileAsync(MariaDbServer.Parse(source), new ProfileSettings());
        var json = ProfileSerializer.Serialize(profile);
        var table = ProfileSerializer.Deserialize(json).Tables.Single();

        Assert.Equal(("InnoDB", "utf8mb4", "utf8mb4_unicode_ci"), (table.Engine, table.CharacterSet, table.Collation));
        Assert.Null(table.FindColumn("a")!.Collation);
        Assert.Equal(("latin1", "latin1_swedish_ci"), (table.FindColumn("b")!.CharacterSet, table.FindColumn("b")!.Collation));
        Assert.Equal(new GeneratedColumn("`id` * 2", Stored: false), table.FindColumn("c")!.Generated);
        Assert.Equal("current_timestamp()", table.FindColumn("d")!.OnUpdate);
        Assert.Equal([100, null], table.Indexes.Single().PrefixLengths!);
        Assert.Null(table.PrimaryKey!.PrefixLengths);
        Assert.Contains("\"prefixLengths\": [100, null]", json, StringComparison.Ordinal);
        var errors = ProfileSchemaTests.Errors(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.DoesNotContain("\"onUpdate\": null", json, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> RoundTripAsync(string sourceUrl, double scale) =>
        (await RoundTripWithTargetAsync(sourceUrl, scale)).Differences;

    /// <summary>Profiles the source, passes the profile through its JSON, generates it into a new database, diffs the two.</summary>
    private async Task<(IReadOnlyList<string> Differences, string Target)> RoundTripWithTargetAsync(string sourceUrl, double scale)
    {
        var sourceLocation = MariaDbServer.Parse(sourceUrl);
        var profiled = await Profiler.ProfileAsync(sourceLocation, new ProfileSettings());
        var profile = ProfileSerializer.Deserialize(ProfileSerializer.Serialize(profiled));
        var targetUrl = server.UrlOf(MariaDbServer.UniqueName("fid_target"));
        var target = MariaDbServer.Parse(targetUrl);
        await using (var writer = await MySqlWriter.OpenAsync(target, WriterOptions.For(profile, replace: false)))
        {
            await DatabaseGenerator.RunAsync(profile, GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 3 }),
                writer);
        }

        var differences = await MySqlSchemaDiff.CompareAsync(
            sourceLocation.ConnectionString, sourceLocation.DatabaseName!, target.DatabaseName!);
        return (differences, targetUrl);
    }
}
