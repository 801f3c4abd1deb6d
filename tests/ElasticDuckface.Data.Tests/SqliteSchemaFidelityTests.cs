using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests;

/// <summary>Schema fidelity on SQLite (issue 10): generated columns are profiled, recreated and never inserted into.</summary>
public sealed class SqliteSchemaFidelityTests
{
    [Theory]
    [InlineData("CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) VIRTUAL)", "b", "a * 2")]
    [InlineData("CREATE TABLE t (a DECIMAL(10,2), \"odd, name\" TEXT AS (printf('%d,(%d)', a, (a))) STORED, c INT)",
        "odd, name", "printf('%d,(%d)', a, (a))")]
    [InlineData("CREATE TABLE t ([x] INT, `y` INT AS ((x + 1) * 3) NOT NULL)", "y", "(x + 1) * 3")]
    [InlineData("CREATE TABLE t (alias INT, base INT)", "base", null)]
    [InlineData("CREATE TABLE t (a INT, b INT AS (a))", "c", null)]
    public void The_expression_is_the_balanced_text_after_as_in_the_columns_definition(string sql, string column, string? expected) =>
        Assert.Equal(expected, SqliteGeneratedExpression.Find(sql, column));

    [Fact]
    public async Task Virtual_and_stored_generated_columns_round_trip_and_the_engine_computes_them()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = dir.File("gen.db");
        await using (var c = new SqliteConnection($"Data Source={source}"))
        {
            await c.ExecuteAsync("""
                CREATE TABLE line (
                  id INTEGER PRIMARY KEY,
                  price REAL NOT NULL,
                  qty INTEGER NOT NULL,
                  total REAL GENERATED ALWAYS AS (price * qty) STORED,
                  "label, odd" TEXT AS ('n' || qty) VIRTUAL,
                  note TEXT);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
                INSERT INTO line (price, qty, note) SELECT i * 1.5, i % 7, 'x' FROM n;
                """);
        }

        var profile = ProfileSerializer.Deserialize(ProfileSerializer.Serialize(
            await Profiler.ProfileAsync(DatabaseLocation.Parse(source), new ProfileSettings())));
        var table = profile.Tables.Single();
        Assert.Equal(new GeneratedColumn("price * qty", Stored: true), table.FindColumn("total")!.Generated);
        Assert.Equal(new GeneratedColumn("'n' || qty", Stored: false), table.FindColumn("label, odd")!.Generated);

        var target = dir.File("gen-x2.db");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2 }, Target = target });

        await using var t = new SqliteConnection($"Data Source={target}");
        Assert.Equal([0L, 0L, 0L, 3L, 2L, 0L], await t.QueryAsync<long>("SELECT hidden FROM pragma_table_xinfo('line') ORDER BY cid"));
        Assert.Equal(80, await t.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM line WHERE total = price * qty AND \"label, odd\" = 'n' || qty"));
    }
}
