using System.Globalization;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using MySqlConnector;
using Parquet;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Values the profile keeps exactly come back exactly on both engines: a TIME column's few values (categorical, written
/// as seconds), a PostgreSQL <c>time(3)</c> value with its milliseconds, and BIGINT (UNSIGNED) values beyond 2^53, which
/// were profiled as doubles (one distinct value near 2^64) and generated as 114, 145, … or clamped to 2^63 − 1.
/// </summary>
[Collection(CrossEngineCollection.Name)]
public sealed class ExactValuesCrossEngineTests(MariaDbServer mariaDb, PostgresServer postgres)
{
    private const string TimesScript = """
        CREATE TABLE t (id int PRIMARY KEY, a time NOT NULL, b time);
        INSERT INTO t SELECT seq, SEC_TO_TIME(seq * 317), CASE WHEN seq % 10 = 0 THEN NULL WHEN seq % 2 = 0 THEN '09:00:00'
          ELSE '17:30:00' END FROM seq_1_to_200;
        """;

    [PostgresFact]
    public async Task A_time_column_of_few_values_generates_exactly_them_into_mariadb_postgres_and_a_sql_script()
    {
        var source = await mariaDb.CreateDatabaseAsync("times_src");
        await MariaDbServer.ExecuteScriptAsync(source, TimesScript);
        var profile = await ProfileAsync(MariaDbServer.Parse(source));
        Assert.IsType<CategoricalDistribution>(profile.Tables.Single().FindColumn("b")!.Stats!.Distribution);

        // MariaDB: it failed with "Out of range value for column 'b'" (28,800 days)
        var intoMariaDb = mariaDb.UrlOf(MariaDbServer.UniqueName("times_target"));
        await GenerateAndVerifyAsync(profile, intoMariaDb);
        Assert.Equal(["09:00:00", "17:30:00"],
            await MariaDbTextsAsync(intoMariaDb, "SELECT DISTINCT CAST(b AS char) FROM t WHERE b IS NOT NULL"));

        // PostgreSQL: every b was 00:00:00
        var intoPostgres = postgres.NewDatabaseUrl("times_target");
        await GenerateAndVerifyAsync(profile, intoPostgres);
        Assert.Equal(["09:00:00", "17:30:00"],
            await PostgresTextsAsync(intoPostgres, "SELECT DISTINCT b::text FROM t WHERE b IS NOT NULL"));

        // the SQL script wrote '2030400:00:00'
        using var dir = TestFiles.CreateTempDirectory();
        var script = dir.File("t.sql");
        await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 2 }, Format = OutputFormat.Sql, OutputPath = script,
        });
        var text = await File.ReadAllTextAsync(script);
        Assert.Contains("'09:00:00'", text, StringComparison.Ordinal);
        Assert.Contains("'17:30:00'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'2030400:00:00'", text, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_postgres_time_3_value_keeps_its_milliseconds_into_postgres_and_mariadb()
    {
        var source = await postgres.CreateDatabaseAsync("time3_src");
        await PostgresServer.ExecuteAsync(source, """
            CREATE TABLE c (id integer PRIMARY KEY, at time(3) NOT NULL);
            INSERT INTO c SELECT i, time '01:02:03.456' FROM generate_series(1, 50) i;
            """);
        var profile = await ProfileAsync(PostgresServer.Parse(source));

        // it came back as random whole seconds: "3723.456" did not parse as a TimeSpan
        var intoPostgres = postgres.NewDatabaseUrl("time3_target");
        await GenerateAndVerifyAsync(profile, intoPostgres);
        Assert.Equal(["01:02:03.456"], await PostgresTextsAsync(intoPostgres, "SELECT DISTINCT at::text FROM c"));

        var intoMariaDb = mariaDb.UrlOf(MariaDbServer.UniqueName("time3_target"));
        await GenerateAndVerifyAsync(profile, intoMariaDb);
        Assert.Equal(["01:02:03.456"], await MariaDbTextsAsync(intoMariaDb, "SELECT DISTINCT CAST(at AS char) FROM c"));
    }

    private const string LargeScript = """
        CREATE TABLE u (id int PRIMARY KEY, h bigint unsigned UNIQUE, s bigint UNIQUE, g bigint unsigned NOT NULL);
        INSERT INTO u SELECT seq, 18446744073709551615 - seq * 7, 9007199254740992 + seq, 18446744073709551000 + seq % 3
          FROM seq_1_to_200;
        """;

    [PostgresFact]
    public async Task Bigint_values_beyond_2_to_the_53_are_profiled_exactly_and_generated_in_range_into_mariadb_and_postgres()
    {
        var source = await mariaDb.CreateDatabaseAsync("large_src");
        await MariaDbServer.ExecuteScriptAsync(source, LargeScript);
        var profile = await ProfileAsync(MariaDbServer.Parse(source));
        var table = profile.Tables.Single();
        // they were 1 and 101 distinct values (doubles)
        Assert.Equal(200, table.FindColumn("h")!.Stats!.DistinctCount);
        Assert.Equal(200, table.FindColumn("s")!.Stats!.DistinctCount);
        var g = Assert.IsType<CategoricalDistribution>(table.FindColumn("g")!.Stats!.Distribution);
        Assert.Equal(["18446744073709551000", "18446744073709551001", "18446744073709551002"], g.Values.Select(v => v.Value));

        // MariaDB: h was 114, 145, … (verify failed, exit 4), g all 9223372036854775807
        var intoMariaDb = mariaDb.UrlOf(MariaDbServer.UniqueName("large_target"));
        await GenerateAndVerifyAsync(profile, intoMariaDb);
        Assert.Equal(["200"], await MariaDbTextsAsync(intoMariaDb, "SELECT CAST(COUNT(DISTINCT h) AS char) FROM u"));
        Assert.Equal(["0"], await MariaDbTextsAsync(intoMariaDb,
            "SELECT CAST(COUNT(*) AS char) FROM u WHERE h < 18000000000000000000 OR s < 9000000000000000 OR s > 9020000000000000"));
        Assert.Equal(["18446744073709551000", "18446744073709551001", "18446744073709551002"],
            await MariaDbTextsAsync(intoMariaDb, "SELECT DISTINCT CAST(g AS char) FROM u"));

        // PostgreSQL: the unsigned columns that pass 2^63 − 1 are numeric(20) (they were bigint), the signed one bigint
        var intoPostgres = postgres.NewDatabaseUrl("large_target");
        await GenerateAndVerifyAsync(profile, intoPostgres);
        Assert.Equal(["bigint", "numeric(20,0)", "numeric(20,0)"], await PostgresTextsAsync(intoPostgres,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'u'::regclass AND attname IN ('h', 's', 'g')"));
        Assert.Equal(["200"], await PostgresTextsAsync(intoPostgres, "SELECT COUNT(DISTINCT h)::text FROM u"));
        Assert.Equal(["0"], await PostgresTextsAsync(intoPostgres,
            "SELECT COUNT(*)::text FROM u WHERE h < 18000000000000000000 OR h > 18446744073709551615"));
        Assert.Equal(["18446744073709551000", "18446744073709551001", "18446744073709551002"],
            await PostgresTextsAsync(intoPostgres, "SELECT DISTINCT g::text FROM u"));

        // Parquet: UINT64 (INT64 overflowed on them)
        using var dir = TestFiles.CreateTempDirectory();
        await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 2 }, Format = OutputFormat.Parquet, OutputPath = dir.File("pq"),
        });
        await using var reader = await ParquetReader.CreateAsync(Path.Combine(dir.File("pq"), "u.parquet"));
        using var group = reader.OpenRowGroupReader(0);
        var values = new ulong[group.RowCount];
        await group.ReadAsync<ulong>(reader.Schema.GetDataFields().Single(f => f.Name == "g"), values.AsMemory());
        Assert.Equal([18446744073709551000UL, 18446744073709551001UL, 18446744073709551002UL], values.Distinct().Order());

        // SQLite: its integers are signed 64-bit (it stored such values as rounded REAL): refused before the file is made
        var error = await Assert.ThrowsAsync<DuckfaceException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1 }, Target = dir.File("u.db"),
        }));
        Assert.StartsWith("Column u.h (bigint(20) unsigned) holds integers above 2^63 − 1, and SQLite's integers stop there",
            error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.False(File.Exists(dir.File("u.db")));
    }

    [PostgresFact]
    public async Task A_bigint_unsigned_primary_key_beyond_2_to_the_63_is_profiled_and_generated_in_range()
    {
        var source = await mariaDb.CreateDatabaseAsync("largekey_src");
        await MariaDbServer.ExecuteScriptAsync(source, """
            CREATE TABLE k (id bigint unsigned PRIMARY KEY, v int NOT NULL);
            INSERT INTO k SELECT 18446744073709551615 - seq * 3, seq % 7 FROM seq_1_to_100;
            CREATE TABLE small (id int unsigned PRIMARY KEY);
            INSERT INTO small SELECT seq FROM seq_1_to_50;
            """);
        var profile = await ProfileAsync(MariaDbServer.Parse(source));
        // it was read as a (long, long) sequence and generated below 2^63: its values describe it now
        Assert.Equal(100, profile.Tables.Single(t => t.Name == "k").FindColumn("id")!.Stats!.DistinctCount);
        Assert.IsType<NumericDistribution>(profile.Tables.Single(t => t.Name == "k").FindColumn("id")!.Stats!.Distribution);
        // an unsigned key within 2^63 − 1 is still a sequence
        Assert.Equal(new SequenceDistribution(1, 50), profile.Tables.Single(t => t.Name == "small").FindColumn("id")!.Stats!.Distribution);

        var intoMariaDb = mariaDb.UrlOf(MariaDbServer.UniqueName("largekey_target"));
        await GenerateAndVerifyAsync(profile, intoMariaDb);
        Assert.Equal(["100"], await MariaDbTextsAsync(intoMariaDb,
            "SELECT CAST(COUNT(DISTINCT id) AS char) FROM k WHERE id >= 18000000000000000000"));
    }

    private static async Task<DatabaseProfile> ProfileAsync(Connections.DatabaseLocation location) =>
        // through JSON, as generate reads a profile
        ProfileSerializer.Deserialize(ProfileSerializer.Serialize(await Profiler.ProfileAsync(location, new ProfileSettings())));

    private static async Task GenerateAndVerifyAsync(DatabaseProfile profile, string url)
    {
        var outcome = await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 2 }, Target = url,
        });
        var verified = await VerifyRun.RunAsync(profile, DatabaseEngines.Parse(url, new Dictionary<string, string?>()),
            new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verified.Report.HardChecksFailed == 0,
            string.Join("; ", verified.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
    }

    private static async Task<List<string>> MariaDbTextsAsync(string url, string sql)
    {
        await using var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql + " ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
            texts.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return texts;
    }

    private static async Task<List<string>> PostgresTextsAsync(string url, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresServer.Parse(url).ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql + " ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
            texts.Add(reader.GetString(0));
        return texts;
    }
}
