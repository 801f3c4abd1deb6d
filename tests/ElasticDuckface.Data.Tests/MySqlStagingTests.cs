using Dapper;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>Issue 12: a MySQL target is complete or untouched; staging databases of killed runs are removed and reported.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlStagingTests(MariaDbServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    private static TableProfile Table(string name, params ColumnProfile[] columns) =>
        new() { Name = name, Columns = columns, PrimaryKey = new KeyProfile("PRIMARY", [columns[0].Name]) };

    private static ColumnProfile Column(string name, string sqlType, ColumnCategory category) =>
        new() { Name = name, SqlType = sqlType, Category = category };

    private static async Task<long> CountAsync(string url, string sql)
    {
        await using var c = new MySqlConnection(new MySqlConnectionStringBuilder(MariaDbServer.Parse(url).ConnectionString) { Database = "" }.ConnectionString);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public void Staging_names_fit_64_characters_and_the_swap_is_one_statement()
    {
        var longName = new string('d', 64);
        Assert.True(MySqlStaging.RetiredName(MySqlStaging.NewName(longName)).Length <= 64);
        Assert.StartsWith("shop__duckface_staging_", MySqlStaging.NewName("shop"), StringComparison.Ordinal);
        Assert.Equal("RENAME TABLE `d`.`a` TO `r`.`a`, `s`.`a` TO `d`.`a`, `s`.`b` TO `d`.`b`",
            MySqlStaging.SwapSql("s", "d", "r", ["a", "b"], new HashSet<string> { "a" }));
    }

    [MySqlFact]
    public async Task A_year_column_loads_and_the_target_appears_only_when_complete()
    {
        var url = server.UrlOf(MariaDbServer.UniqueName("year"));
        var table = Table("t", Column("id", "int(11)", ColumnCategory.Integer), Column("y", "year(4)", ColumnCategory.Year));
        await using (var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "mysql", false, s_ct))
        {
            await writer.CreateSchemaAsync([table], s_ct);
            await writer.WriteRowsAsync(table, [[1L, 1999L], [2L, 2024L]], s_ct);
            var name = MariaDbServer.Parse(url).DatabaseName!;
            Assert.Equal(0, await CountAsync(url, $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"));
            await writer.CompleteAsync(s_ct);
        }

        Assert.Equal(1999 + 2024, await CountAsync(url, $"SELECT SUM(y) FROM `{MariaDbServer.Parse(url).DatabaseName}`.t"));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(MariaDbServer.Parse(url), s_ct));
    }

    [MySqlFact]
    public async Task A_failed_create_table_leaves_the_target_untouched_and_no_staging()
    {
        var url = await server.CreateDatabaseAsync("badddl");
        var bad = Table("t", Column("id", "int(11)", ColumnCategory.Integer), Column("x", "no_such_type(3)", ColumnCategory.Other));
        var good = Table("a", Column("id", "int(11)", ColumnCategory.Integer));
        await using (var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "mysql", false, s_ct))
            await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CreateSchemaAsync([good, bad], s_ct));
        Assert.Empty(await MySqlEngine.Instance.ListTablesAsync(MariaDbServer.Parse(url), s_ct));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(MariaDbServer.Parse(url), s_ct));
    }

    [MySqlFact]
    public async Task Replace_keeps_the_old_tables_until_the_new_ones_are_complete()
    {
        var url = await server.CreateDatabaseAsync("replace");
        await MariaDbServer.ExecuteAsync(url, ["CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (7)",
            "CREATE TABLE other (id INT)"]);
        var table = Table("t", Column("id", "int(11)", ColumnCategory.Integer));
        var location = MariaDbServer.Parse(url);
        await using (var writer = await MySqlWriter.OpenAsync(location, "mysql", true, s_ct))
        {
            await writer.CreateSchemaAsync([table], s_ct);
            await writer.WriteRowsAsync(table, [[1L], [2L]], s_ct);
            Assert.Equal(7, await CountAsync(url, $"SELECT SUM(id) FROM `{location.DatabaseName}`.t")); // not yet replaced
            await writer.CompleteAsync(s_ct);
        }

        Assert.Equal(3, await CountAsync(url, $"SELECT SUM(id) FROM `{location.DatabaseName}`.t"));
        Assert.Equal(["other", "t"], await MySqlEngine.Instance.ListTablesAsync(location, s_ct));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }

    [MySqlFact]
    public async Task A_killed_runs_staging_is_reported_by_verify_and_removed_by_the_next_run()
    {
        var url = server.UrlOf(MariaDbServer.UniqueName("killed"));
        var location = MariaDbServer.Parse(url);
        var stale = MySqlStaging.NewName(location.DatabaseName!);
        await MariaDbServer.ExecuteAsync(server.UrlOf("mysql"), [$"CREATE DATABASE `{stale}`", $"CREATE TABLE `{stale}`.t (id INT)"]);
        var profile = new DatabaseProfile
        {
            Source = new ProfileSource("mysql"),
            Settings = new ProfileSettings(),
            Tables = [Table("t", Column("id", "int(11)", ColumnCategory.Integer)) with { RowCount = 0 }],
        };
        var error = await Assert.ThrowsAsync<DuckfaceException>(() => VerifyRun.RunAsync(profile, location,
            new ElasticDuckface.Verification.VerifyOptions()));
        Assert.StartsWith("Incomplete run", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.VerificationFailed, error.ExitCode);

        await using (var writer = await MySqlWriter.OpenAsync(location, "mysql", false, s_ct))
            Assert.DoesNotContain(stale, await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct)); // the abandoned writer dropped its own
    }
}
