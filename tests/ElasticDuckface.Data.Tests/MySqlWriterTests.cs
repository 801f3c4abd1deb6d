using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

[Collection(MariaDbCollection.Name)]
public sealed class MySqlWriterTests(MariaDbServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    private static readonly TableProfile s_parent = new()
    {
        Name = "parent",
        Columns =
        [
            Column("id", "INTEGER", ColumnCategory.Integer),
            Column("name", "NVARCHAR(40)", ColumnCategory.String, length: 40),
            Column("flag", "BOOLEAN", ColumnCategory.Boolean),
            Column("amount", "NUMERIC(10,2)", ColumnCategory.Decimal, precision: 10, scale: 2),
            Column("ratio", "REAL", ColumnCategory.Float),
            Column("born", "DATE", ColumnCategory.Date),
            Column("seen", "DATETIME", ColumnCategory.DateTime),
            Column("at", "TIME", ColumnCategory.Time),
            Column("data", "BLOB", ColumnCategory.Binary, nullable: true),
            Column("note", "TEXT", ColumnCategory.Text, nullable: true),
        ],
        PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
    };

    private static readonly TableProfile s_child = new()
    {
        Name = "child row",
        Columns = [Column("id", "INTEGER", ColumnCategory.Integer), Column("parent_id", "INTEGER", ColumnCategory.Integer, nullable: true),
            Column("boss", "INTEGER", ColumnCategory.Integer, nullable: true)],
        PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
        ForeignKeys =
        [
            new ForeignKeyProfile { Name = "FK_child_parent", Columns = ["parent_id"], ReferencedTable = "parent",
                ReferencedColumns = ["id"] },
            new ForeignKeyProfile { Name = "FK_child_boss", Columns = ["boss"], ReferencedTable = "child row", ReferencedColumns = ["id"] },
        ],
    };

    [MySqlFact]
    public async Task Rows_of_every_adr_0002_type_load_and_read_back_unchanged()
    {
        var url = await server.CreateDatabaseAsync("writer");
        var parentRows = new List<object?[]>
        {
            new object?[] { 1L, "Zoë \"quoted\" \\ tab\there", true, 12.34m, 0.5d, new DateTime(2020, 2, 29),
                new DateTime(2021, 3, 4, 5, 6, 7), new TimeSpan(13, 14, 15), new byte[] { 0, 1, 9, 10, 13, 92, 255 }, "line1\nline2" },
            new object?[] { 2L, "", false, -0.01m, -1e-3d, new DateTime(1970, 1, 1), new DateTime(1999, 12, 31, 23, 59, 59), TimeSpan.Zero,
                null, null },
        };
        // a self-reference pointing forward (row 1 → row 3) and a NULL parent: loads only because checks are off
        var childRows = new List<object?[]> { new object?[] { 1L, 1L, 3L }, new object?[] { 2L, null, null },
            new object?[] { 3L, 2L, 1L } };

        await using (var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "sqlite", false, s_ct))
        {
            await writer.CreateSchemaAsync([s_child, s_parent], s_ct);
            Assert.Equal(3L, await writer.WriteRowsAsync(s_child, childRows, s_ct));
            Assert.Equal(2L, await writer.WriteRowsAsync(s_parent, parentRows, s_ct));
            await writer.CompleteAsync(s_ct);
        }

        await using var check = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        var rows = (await check.QueryAsync("SELECT * FROM parent ORDER BY id")).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal(parentRows[0][1], first["name"]);
        Assert.True(Convert.ToBoolean(first["flag"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(12.34m, first["amount"]);
        Assert.Equal(0.5d, first["ratio"]);
        Assert.Equal(new DateTime(2020, 2, 29), first["born"]);
        Assert.Equal(new DateTime(2021, 3, 4, 5, 6, 7), first["seen"]);
        Assert.Equal(new TimeSpan(13, 14, 15), first["at"]);
        Assert.Equal(new byte[] { 0, 1, 9, 10, 13, 92, 255 }, (byte[])first["data"]!);
        Assert.Equal("line1\nline2", first["note"]);
        Assert.Equal(("", -0.01m, -1e-3d), ((string)rows[1]["name"]!, (decimal)rows[1]["amount"]!, (double)rows[1]["ratio"]!));
        Assert.Null(rows[1]["data"]);
        Assert.Equal(3L, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM `child row`"));
        Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM `child row` WHERE parent_id IS NULL AND boss IS NULL"));

        await using var source = await SourceDatabase.OpenReadOnlyAsync(MariaDbServer.Parse(url), s_ct);
        var schema = await source.ReadSchemaAsync(s_ct);
        Assert.Equal(["child row", "parent"], schema.Select(t => t.Name));
        Assert.Equal(
            ["(boss) -> child row(id)", "(parent_id) -> parent(id)"],
            schema[0].ForeignKeys.Select(f => $"({string.Join(",", f.Columns)}) -> {f.ReferencedTable}({string.Join(",", f.ReferencedColumns)})"));
        Assert.Equal(s_parent.Columns.Select(c => (c.Name, c.Category, c.Nullable)),
            schema[1].Columns.Select(c => (c.Name, c.Category, c.Nullable)));
    }

    [MySqlFact]
    public async Task An_orphan_row_makes_complete_fail_with_one_line_naming_the_foreign_key()
    {
        var url = await server.CreateDatabaseAsync("orphans");
        await using var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "sqlite", false, s_ct);
        await writer.CreateSchemaAsync([s_parent, s_child], s_ct);
        await writer.WriteRowsAsync(s_child, [[1L, 42L, null]], s_ct);

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CompleteAsync(s_ct));

        Assert.Contains("table 'child row' has 1 rows whose FK_child_parent finds no row in", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FK_child_boss", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [MySqlTheory]
    [InlineData(2L, "a")] // a second row under a unique secondary key
    [InlineData(1L, "b")] // the same primary key twice
    public async Task A_duplicate_key_fails_the_load_and_leaves_the_target_empty(long id, string code)
    {
        var url = await server.CreateDatabaseAsync("dupes");
        var keyed = new TableProfile
        {
            Name = "keyed",
            Columns = [Column("id", "INTEGER", ColumnCategory.Integer), Column("code", "VARCHAR(8)", ColumnCategory.String, length: 8)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            UniqueKeys = [new KeyProfile("uq_code", ["code"])],
        };
        await using (var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "sqlite", false, s_ct))
        {
            await writer.CreateSchemaAsync([keyed], s_ct);
            await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.WriteRowsAsync(keyed, [[1L, "a"], [id, code]], s_ct));
        }

        await using var check = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"));
    }

    [MySqlFact]
    public async Task A_target_that_already_holds_tables_is_refused()
    {
        var url = await server.CreateDatabaseAsync("notempty");
        await MariaDbServer.ExecuteScriptAsync(url, "CREATE TABLE existing (id INT)");

        var ex = await Assert.ThrowsAsync<OutputException>(() => MySqlWriter.OpenAsync(MariaDbServer.Parse(url), "sqlite", false, s_ct));

        Assert.Contains("is not empty (1 tables)", ex.Message, StringComparison.Ordinal);
    }

    [MySqlFact]
    public async Task Issue13_the_child_loads_while_the_parents_index_build_waits_and_a_cancel_then_leaves_the_target_as_it_was()
    {
        var url = await server.CreateDatabaseAsync("building");
        var location = MariaDbServer.Parse(url);
        var parent = s_parent with { Indexes = [new IndexProfile("ix_name", ["name"], Unique: false)] };
        var child = s_child with { ForeignKeys = [s_child.ForeignKeys[0]] };
        using var cancel = new CancellationTokenSource();
        await using var holder = new MySqlConnection(location.ConnectionString);
        await holder.OpenAsync();
        await using (var writer = await MySqlWriter.OpenAsync(location, "sqlite", false, s_ct))
        {
            await writer.CreateSchemaAsync([parent, child], s_ct);
            var staging = Assert.Single(await MySqlStaging.FindAsync(holder, location.DatabaseName!, s_ct));
            // a reader's metadata lock on the staging parent: its index build (ALTER TABLE) waits behind it
            await holder.ExecuteAsync($"START TRANSACTION; SELECT COUNT(*) FROM `{staging}`.parent");
            var day = new DateTime(2020, 1, 1);
            await writer.WriteRowsAsync(parent, [[1L, "a", true, 1m, 1d, day, day, TimeSpan.Zero, null, null]], s_ct);
            // the child loads on the first session meanwhile: it references the parent, but holds no lock on it
            Assert.Equal(2L, await writer.WriteRowsAsync(child, [[1L, 1L, null], [2L, null, null]], s_ct));
            cancel.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.CompleteAsync(cancel.Token));
            await holder.ExecuteAsync("ROLLBACK");
        }

        Assert.Equal(0L, await holder.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"));
        Assert.Empty(await MySqlStaging.FindAsync(holder, location.DatabaseName!, s_ct));
    }

    private static ColumnProfile Column(string name, string sqlType, ColumnCategory category, long? length = null, int? precision = null,
        int? scale = null, bool nullable = false) =>
        new() { Name = name, SqlType = sqlType, Category = category, Length = length, Precision = precision, Scale = scale,
            Nullable = nullable };
}
