using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
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
        await using var c = new MySqlConnection(
            new MySqlConnectionStringBuilder(MariaDbServer.Parse(url).ConnectionString) { Database = "" }.ConnectionString);
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
    /// <summary>
    /// A table outside the profile whose foreign key references a table --replace replaces (here from the same database and from
    /// another one) is refused before any table is built, exit 5, naming each key and the fix: the swap used to move the parent
    /// out with the key following it into the retired database, which then could not be dropped. A view on a replaced table is
    /// reported (it reads the new table by name after the swap).
    /// </summary>
    [MySqlFact]
    public async Task Replace_is_refused_before_anything_is_written_when_other_tables_foreign_keys_reference_a_replaced_table()
    {
        var url = await server.CreateDatabaseAsync("fkin");
        var location = MariaDbServer.Parse(url);
        var database = location.DatabaseName!;
        var other = await server.CreateDatabaseAsync("fkfrom");
        await MariaDbServer.ExecuteAsync(url, ["CREATE TABLE track (track_id INT PRIMARY KEY)", "INSERT INTO track VALUES (7)",
            "CREATE TABLE extra (id INT PRIMARY KEY, tid INT, CONSTRAINT extra_track FOREIGN KEY (tid) REFERENCES track (track_id))",
            "INSERT INTO extra VALUES (1, 7)", "CREATE VIEW track_view AS SELECT track_id FROM track"]);
        await MariaDbServer.ExecuteAsync(other,
            [$"CREATE TABLE far (tid INT, CONSTRAINT far_track FOREIGN KEY (tid) REFERENCES `{database}`.track (track_id))"]);
        var track = Table("track", Column("track_id", "int(11)", ColumnCategory.Integer));
        var notes = new Notes();
        var options = new WriterOptions(true, "mysql", DatabaseEngines.TypesFor("mysql")) { Progress = notes };

        await using (var writer = await MySqlWriter.OpenAsync(location, options, s_ct))
        {
            var ex = await Assert.ThrowsAsync<OutputException>(() => writer.CreateSchemaAsync([track], s_ct));
            Assert.Equal(ExitCodes.OutputError, ex.ExitCode);
            Assert.Contains($"foreign key `{database}`.`extra`.`extra_track` references `track`", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"`far_track` references `track`", ex.Message, StringComparison.Ordinal);
            Assert.Contains("drop or alter those foreign keys", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
        }

        Assert.Equal(7, await CountAsync(url, $"SELECT SUM(track_id) FROM `{database}`.track"));
        Assert.Equal(1, await CountAsync(url, "SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE "
            + $"TABLE_SCHEMA = '{database}' AND TABLE_NAME = 'extra' AND REFERENCED_TABLE_SCHEMA = '{database}' "
            + "AND REFERENCED_TABLE_NAME = 'track'"));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));

        // once the keys are gone the same replace completes, and the view reads the new table
        await MariaDbServer.ExecuteAsync(url, ["ALTER TABLE extra DROP FOREIGN KEY extra_track"]);
        await MariaDbServer.ExecuteAsync(other, ["DROP TABLE far"]);
        await using (var writer = await MySqlWriter.OpenAsync(location, options, s_ct))
        {
            await writer.CreateSchemaAsync([track], s_ct);
            Assert.Contains(notes.Lines, l => l.StartsWith("note: views", StringComparison.Ordinal)
                && l.Contains($"`{database}`.`track_view`", StringComparison.Ordinal));
            await writer.WriteRowsAsync(track, [[1L], [2L]], s_ct);
            await writer.CompleteAsync(s_ct);
        }

        Assert.Equal(3, await CountAsync(url, $"SELECT SUM(track_id) FROM `{database}`.track_view"));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }

    /// <summary>A foreign key into a replaced table added while the run loads is refused at the swap: nothing is moved.</summary>
    [MySqlFact]
    public async Task A_foreign_key_added_during_the_run_is_refused_before_the_swap()
    {
        var url = await server.CreateDatabaseAsync("fklate");
        var location = MariaDbServer.Parse(url);
        await MariaDbServer.ExecuteAsync(url, ["CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (7)"]);
        var table = Table("t", Column("id", "int(11)", ColumnCategory.Integer));
        await using (var writer = await MySqlWriter.OpenAsync(location, "mysql", true, s_ct))
        {
            await writer.CreateSchemaAsync([table], s_ct);
            await writer.WriteRowsAsync(table, [[1L], [2L]], s_ct);
            await MariaDbServer.ExecuteAsync(url, ["CREATE TABLE late (tid INT, CONSTRAINT late_t FOREIGN KEY (tid) REFERENCES t (id))"]);
            var ex = await Assert.ThrowsAsync<OutputException>(() => writer.CompleteAsync(s_ct));
            Assert.Contains("`late_t` references `t`", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(7, await CountAsync(url, $"SELECT SUM(id) FROM `{location.DatabaseName}`.t"));
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }

    /// <summary>Collects progress lines synchronously (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class Notes : IProgress<string>
    {
        public List<string> Lines { get; } = [];

        public void Report(string value)
        {
            lock (Lines)
                Lines.Add(value);
        }
    }

    [MySqlFact]
    public async Task A_target_differing_from_another_database_only_in_case_is_refused_before_anything_is_built()
    {
        // InnoDB compares foreign-key names without case: a twin database with the same key names makes the swap's RENAME fail
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var twin = await server.CreateDatabaseAsync("casetwin");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 0.1 }, Target = twin });
        var twinName = MariaDbServer.Parse(twin).DatabaseName!;
        var target = server.UrlOf(twinName.ToUpperInvariant());

        var error = await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RunAsync(
            new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 0.1 }, Target = target }));

        Assert.Contains($"differs from the database `{twinName}` only in case", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.OutputError, error.ExitCode);
        await using var c = new MySqlConnection(MariaDbServer.Parse(twin).ConnectionString);
        // neither the target nor a staging database of it was left (the names compare with case here)
        var schemas = await c.QueryAsync<string>("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA");
        Assert.DoesNotContain(schemas, n => n.StartsWith(twinName.ToUpperInvariant(), StringComparison.Ordinal));
    }
}
