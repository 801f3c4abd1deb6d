using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Sqlite;
using Microsoft.Data.Sqlite;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

public sealed class SqliteWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly object?[][] s_customers =
    [
        ["eu", 1L, "Ann O'Neil", "x,\"y\"\n"],
        ["us", 1L, null, ""],
    ];

    private static readonly object?[][] s_orders =
    [
        [1L, "eu", 1L, null, 12.50m, 0.1, true, new DateTime(2024, 1, 2, 3, 4, 5), new DateTime(2024, 1, 2), new TimeSpan(13, 14, 15),
            new byte[] { 0, 1, 255 }],
        [2L, "us", 1L, 1L, null, null, false, null, null, null, null],
        [3L, "eu", 1L, 3L, -0.01m, -1e20, null, null, null, TimeSpan.FromHours(-30), Array.Empty<byte>()],
    ];

    private static async Task WriteAsync(string path, object?[][] bRows, bool replace = false)
    {
        var tables = Awkward();
        var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace, "mysql");
        await using (writer)
        {
            await writer.CreateSchemaAsync(tables);
            Assert.Equal(2, await writer.WriteRowsAsync(Table(tables, "customer"), s_customers));
            Assert.Equal(3, await writer.WriteRowsAsync(Table(tables, "order"), s_orders));
            // a is written before b although a references b: checks run only at the end
            Assert.Equal(2, await writer.WriteRowsAsync(Table(tables, "a"), [[1L, 10L], [2L, 20L]]));
            await writer.WriteRowsAsync(Table(tables, "b"), bRows);
            await writer.CompleteAsync();
        }
    }

    private static async Task<List<object?[]>> QueryAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path,
            Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Round_trip_keeps_rows_of_composite_self_referencing_and_cyclic_foreign_keys()
    {
        var path = _dir.File("out.db");

        await WriteAsync(path, [[10L, 1L], [20L, null]]);

        Assert.Equal(["out.db"], _dir.Entries());
        Assert.Empty(await QueryAsync(path, "PRAGMA foreign_key_check"));
        Assert.Equal(["customer", "order", "a", "b"], (await QueryAsync(path,
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")).Select(r => (string)r[0]!));
        var customers = await QueryAsync(path, "SELECT region, \"no\", \"full name\", \"naïve \"\"q\"\"\" FROM customer ORDER BY region");
        Assert.Equal(["eu", 1L, "Ann O'Neil", "x,\"y\"\n"], customers[0]);
        Assert.Equal(["us", 1L, null, ""], customers[1]);
        var orders = await QueryAsync(path, "SELECT id, parent, amount, weight, paid, placed, ship, \"at\", \"blob\", typeof(amount) FROM \"order\" ORDER BY id");
        Assert.Equal([1L, null, 12.5, 0.1, 1L, "2024-01-02 03:04:05", "2024-01-02", "13:14:15", new byte[] { 0, 1, 255 }, "real"],
            orders[0]);
        Assert.Equal([2L, 1L, null, null, 0L, null, null, null, null, "null"], orders[1]);
        Assert.Equal([3L, 3L, -0.01, -1e20, null, null, null, "-30:00:00", Array.Empty<byte>(), "real"], orders[2]);
        Assert.Equal([[10L, 1L], [20L, null]], await QueryAsync(path, "SELECT id, a_id FROM b ORDER BY id"));
        Assert.Equal(["ok"], (await QueryAsync(path, "PRAGMA integrity_check")).Select(r => r[0]));
    }

    [Fact]
    public async Task Orphan_row_fails_completion_with_table_and_count_and_leaves_no_file_behind()
    {
        var path = _dir.File("out.db");

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => WriteAsync(path, [[10L, 1L], [20L, 999L], [30L, 998L]]));

        Assert.Equal(ExitCodes.DatabaseError, ex.ExitCode);
        Assert.Contains("table 'b' has 2 rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public async Task Existing_non_empty_target_is_refused_without_replace_and_left_untouched()
    {
        var path = _dir.File("out.db");
        await File.WriteAllTextAsync(path, "precious");

        var ex = await Assert.ThrowsAsync<OutputException>(() => SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: false));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--replace", ex.Message, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(path));
        Assert.Equal(["out.db"], _dir.Entries());
    }

    [Fact]
    public async Task Replace_swaps_in_the_new_database_only_when_it_is_complete()
    {
        var path = _dir.File("out.db");
        await File.WriteAllTextAsync(path, "precious");

        await Assert.ThrowsAsync<DatabaseOperationException>(() => WriteAsync(path, [[10L, 999L], [20L, null]], replace: true));
        Assert.Equal("precious", await File.ReadAllTextAsync(path));

        await WriteAsync(path, [[10L, 1L], [20L, 2L]], replace: true);
        Assert.Equal([[10L, 1L], [20L, 2L]], await QueryAsync(path, "SELECT id, a_id FROM b ORDER BY id"));
        Assert.Equal(["out.db"], _dir.Entries());
    }

    [Fact]
    public async Task Disposing_without_completing_deletes_the_temporary_file()
    {
        var path = _dir.File("out.db");
        var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: false);
        await writer.CreateSchemaAsync(Awkward());
        Assert.True(File.Exists(writer.TemporaryPath));
        Assert.EndsWith(".partial-" + Environment.ProcessId, writer.TemporaryPath, StringComparison.Ordinal);

        await writer.DisposeAsync();

        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public async Task Missing_directory_is_an_output_error_naming_the_path()
    {
        var path = Path.Combine(_dir.Path, "missing", "out.db");

        var ex = await Assert.ThrowsAsync<OutputException>(() => SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: false));

        Assert.Contains(Path.Combine(_dir.Path, "missing"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.OutputError, ex.ExitCode);
    }

    [Fact]
    public async Task Schema_read_back_from_the_written_file_has_the_keys_and_foreign_keys_of_the_profile()
    {
        var path = _dir.File("out.db");
        await WriteAsync(path, [[10L, 1L], [20L, null]]);

        var source = await SourceDatabase.OpenReadOnlyAsync(DatabaseLocation.Parse(path), CancellationToken.None);
        await using (source)
        {
            var schema = await source.ReadSchemaAsync(CancellationToken.None);
            var order = Table(schema, "order");
            Assert.Equal(["id"], order.PrimaryKey!.Columns);
            Assert.Equal(
                [("customer", "customer_region,customer_no", "region,no"), ("order", "parent", "id")],
                order.ForeignKeys.Select(f => (f.ReferencedTable, string.Join(",", f.Columns), string.Join(",", f.ReferencedColumns))));
            Assert.Equal(["region", "no"], Table(schema, "customer").PrimaryKey!.Columns);
            Assert.Equal([["full name"]], Table(schema, "customer").UniqueKeys.Select(k => k.Columns));
            Assert.Equal("b", Assert.Single(Table(schema, "a").ForeignKeys).ReferencedTable);
            Assert.Equal("a", Assert.Single(Table(schema, "b").ForeignKeys).ReferencedTable);
            Assert.Equal(
                ["INTEGER", "VARCHAR(8)", "INTEGER", "INTEGER", "NUMERIC(10,2)", "REAL", "INTEGER", "DATETIME", "DATE", "TIME", "BLOB"],
                order.Columns.Select(c => c.SqlType));
        }
    }
}
