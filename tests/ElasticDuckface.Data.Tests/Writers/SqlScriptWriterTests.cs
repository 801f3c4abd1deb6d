using System.Globalization;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

[Collection(MariaDbCollection.Name)]
public sealed class SqlScriptWriterTests(MariaDbServer server) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly IReadOnlyList<TableProfile> s_tables =
    [
        new TableProfile
        {
            Name = "person",
            Columns =
            [
                Col("id", "INTEGER", ColumnCategory.Integer) with { AutoIncrement = true },
                Col("name", "VARCHAR(20)", ColumnCategory.String, nullable: true, length: 20),
                Col("note", "TEXT", ColumnCategory.Text, nullable: true),
                Col("photo", "BLOB", ColumnCategory.Binary, nullable: true),
                Col("born", "DATE", ColumnCategory.Date, nullable: true),
                Col("paid", "BOOLEAN", ColumnCategory.Boolean),
                Col("score", "NUMERIC(5,2)", ColumnCategory.Decimal, nullable: true, precision: 5, scale: 2),
                Col("at", "TIME", ColumnCategory.Time, nullable: true),
                Col("w", "REAL", ColumnCategory.Float, nullable: true),
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            UniqueKeys = [new KeyProfile("uq_name", ["name"])],
        },
        new TableProfile
        {
            Name = "pet`s",
            Columns = [Col("id", "INTEGER", ColumnCategory.Integer), Col("owner", "INTEGER", ColumnCategory.Integer, nullable: true)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            Indexes = [new IndexProfile("ix_owner", ["owner"], false)],
            ForeignKeys = [Fk("fk_pet_owner", ["owner"], "person", ["id"]) with { OnDelete = "CASCADE", OnUpdate = "NO ACTION" }],
        },
    ];

    private static readonly object?[][] s_people =
    [
        [1L, "O'Brien", "a\\b\nc\r\0\u001a\"", new byte[] { 0xDE, 0xAD }, new DateTime(1990, 5, 6), true, 12.50m, new TimeSpan(1, 2, 3),
            0.1],
        [2L, null, "", Array.Empty<byte>(), null, false, -0.01m, TimeSpan.FromHours(-100), 1e20],
    ];

    private async Task<string> WriteAsync(string name, int pets = 1)
    {
        var path = _dir.File(name);
        var writer = await SqlScriptWriter.CreateAsync(path, replace: false, sourceDialect: "sqlite");
        await using (writer)
        {
            await writer.CreateSchemaAsync(s_tables);
            await writer.WriteRowsAsync(s_tables[0], s_people);
            Assert.Equal(pets, await writer.WriteRowsAsync(s_tables[1],
                Enumerable.Range(1, pets).Select(i => new object?[] { (long)i, 2L })));
            await writer.CompleteAsync();
        }

        return path;
    }

    [Fact]
    public async Task Script_text_has_checks_off_tables_foreign_keys_escaped_inserts_and_checks_on()
    {
        var path = await WriteAsync("out.sql");

        Assert.Equal(
            """
            -- Elastic Duckface SQL script for MySQL/MariaDB
            SET NAMES utf8mb4;
            SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO';
            SET FOREIGN_KEY_CHECKS=0;

            CREATE TABLE `person` (
              `id` bigint NOT NULL AUTO_INCREMENT,
              `name` varchar(20) NULL,
              `note` text NULL,
              `photo` longblob NULL,
              `born` date NULL,
              `paid` tinyint(1) NOT NULL,
              `score` decimal(5,2) NULL,
              `at` time NULL,
              `w` double NULL,
              PRIMARY KEY (`id`),
              UNIQUE KEY `uq_name` (`name`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

            CREATE TABLE `pet``s` (
              `id` bigint NOT NULL,
              `owner` bigint NULL,
              PRIMARY KEY (`id`),
              KEY `ix_owner` (`owner`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

            ALTER TABLE `pet``s` ADD CONSTRAINT `fk_pet_owner` FOREIGN KEY (`owner`) REFERENCES `person` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION;

            INSERT INTO `person` (`id`,`name`,`note`,`photo`,`born`,`paid`,`score`,`at`,`w`) VALUES (1,'O\'Brien','a\\b\nc\r\0\Z"',0xDEAD,'1990-05-06',1,12.50,'01:02:03',0.1),(2,NULL,'','',NULL,0,-0.01,'-100:00:00',1E+20);

            INSERT INTO `pet``s` (`id`,`owner`) VALUES (1,2);

            SET FOREIGN_KEY_CHECKS=1;
            SET SQL_MODE=@OLD_SQL_MODE;

            """.ReplaceLineEndings("\n"),
            await File.ReadAllTextAsync(path));
        Assert.Equal(["out.sql"], _dir.Entries());
    }

    [Fact]
    public async Task Same_input_gives_the_same_bytes()
    {
        var first = await File.ReadAllBytesAsync(await WriteAsync("one.sql", pets: 1234));
        var second = await File.ReadAllBytesAsync(await WriteAsync("two.sql", pets: 1234));

        Assert.Equal(first, second);
        Assert.NotEqual(0xEF, first[0]);
    }

    [Fact]
    public async Task Inserts_are_batched_by_500_rows()
    {
        var text = await File.ReadAllTextAsync(await WriteAsync("out.sql", pets: 1001));

        var petInserts = text.Split('\n').Where(l => l.StartsWith("INSERT INTO `pet``s`", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, petInserts.Count);
        Assert.Equal([500, 500, 1], petInserts.Select(l => l.Split("),(").Length));
        Assert.EndsWith("(1001,2);", petInserts[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_script_is_refused_without_replace_and_disposal_without_completion_leaves_nothing()
    {
        var path = _dir.File("out.sql");
        await File.WriteAllTextAsync(path, "precious");

        await Assert.ThrowsAsync<OutputException>(() => SqlScriptWriter.CreateAsync(path, replace: false));
        var writer = await SqlScriptWriter.CreateAsync(path, replace: true);
        await writer.CreateSchemaAsync(s_tables);
        await writer.DisposeAsync();

        Assert.Equal("precious", await File.ReadAllTextAsync(path));
        Assert.Equal(["out.sql"], _dir.Entries());
    }

    /// <summary>The awkward schema plus a reserved-word table holding the categories it lacks.</summary>
    private static IReadOnlyList<TableProfile> LoadSchema() =>
    [
        .. Awkward(),
        new TableProfile
        {
            Name = "select",
            Columns =
            [
                Col("key", "int", ColumnCategory.Integer),
                Col("year", "year", ColumnCategory.Year, nullable: true),
                Col("state", "enum('new','it''s')", ColumnCategory.Enum, nullable: true) with { EnumValues = ["new", "it's"] },
                Col("tags", "set('a','b\\\\c')", ColumnCategory.Set, nullable: true) with { EnumValues = ["a", "b\\c"] },
                Col("doc", "json", ColumnCategory.Json, nullable: true),
                Col("code", "text", ColumnCategory.Text, length: 40),
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["key"]),
            UniqueKeys = [new KeyProfile("uq_code", ["code"])],
        },
    ];

    /// <summary>
    /// Rows for <see cref="LoadSchema"/>: a forward self-reference (order 1 → 3), a composite FK, the cycle a ⇄ b, NULLs,
    /// quotes, backslashes, control characters, unicode outside the BMP and binary with NUL, quote and backslash bytes.
    /// </summary>
    private static Dictionary<string, object?[][]> LoadRows() => new()
    {
        ["customer"] =
        [
            ["eu", 1L, "O'Brien \\ \"x\"", "naïve\n\r\0\u001a\ttab 😀 中文 ''"],
            ["eu", 2L, "", "back\\slash\\"],
            ["us", 2L, null, null],
        ],
        ["order"] =
        [
            [1L, "eu", 1L, 3L, 12.34m, 0.1, true, new DateTime(2021, 3, 4, 5, 6, 7), new DateTime(2020, 2, 29), new TimeSpan(13, 14, 15),
                new byte[] { 0, 1, 0x27, 0x5C, 0x22, 0x0A, 0xFF }],
            [2L, "us", 2L, null, null, null, null, null, null, null, null],
            [3L, "eu", 2L, 1L, -0.01m, -1.5e-7, false, new DateTime(1970, 1, 1, 0, 0, 1), new DateTime(9999, 12, 31),
                TimeSpan.FromHours(-100), Array.Empty<byte>()],
            [4L, "eu", 1L, 4L, 99_999_999.99m, 1e20, true, new DateTime(1999, 12, 31, 23, 59, 59), new DateTime(1000, 1, 1),
                new TimeSpan(838, 59, 59), new byte[] { 0x1A }],
        ],
        ["a"] = [[1L, 1L], [2L, 2L]],
        ["b"] = [[1L, 2L], [2L, null]],
        ["select"] =
        [
            [1L, 2024L, "it's", "a,b\\c", "{\"k\": [1, \"\\u00e9\"]}", "k'1"],
            [2L, null, null, null, null, "K'1"],
            [3L, 1901L, "new", "", "null", "\\"],
        ],
    };

    [MySqlTheory]
    [InlineData("sqlite")]
    [InlineData("mysql")]
    public async Task A_written_script_loads_into_mariadb_and_reads_back_the_same_rows_without_orphans(string sourceDialect)
    {
        var tables = LoadSchema();
        var rows = LoadRows();
        var path = _dir.File("load.sql");
        await using (var writer = await SqlScriptWriter.CreateAsync(path, replace: false, sourceDialect))
        {
            await writer.CreateSchemaAsync(tables);
            // children before parents: the script loads only because the header turns foreign key checks off
            foreach (var table in tables.Reverse())
                await writer.WriteRowsAsync(table, rows[table.Name]);
            await writer.CompleteAsync();
        }

        var url = await server.CreateDatabaseAsync("script_" + sourceDialect);
        await MariaDbServer.ExecuteScriptAsync(url, await File.ReadAllTextAsync(path));

        await using var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            var expected = rows[table.Name].OrderBy(r => r, new KeyOrder(table)).ToList();
            Assert.Equal(expected, await ReadRowsAsync(connection, table));
            foreach (var fk in table.ForeignKeys)
            {
                await using var orphans = new MySqlCommand(MySqlWriter.OrphanCountSql(table, fk), connection);
                Assert.Equal(0L, Convert.ToInt64(await orphans.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }
        }

        await using var constraints = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()", connection);
        Assert.Equal((long)tables.Sum(t => t.ForeignKeys.Count), Convert.ToInt64(await constraints.ExecuteScalarAsync(),
            CultureInfo.InvariantCulture));
        await using var checks = new MySqlCommand("SELECT @@FOREIGN_KEY_CHECKS", connection);
        Assert.Equal(1L, Convert.ToInt64(await checks.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    /// <summary>A table's rows ordered by primary key, each value turned back into its ADR-0002 type.</summary>
    private static async Task<List<object?[]>> ReadRowsAsync(MySqlConnection connection, TableProfile table)
    {
        var pk = table.PrimaryKey!.Columns.Select(MySqlNames.Quote);
        var sql = $"SELECT {string.Join(", ", table.Columns.Select(c => MySqlNames.Quote(c.Name)))} FROM {MySqlNames.Quote(table.Name)} ORDER BY {string.Join(", ", pk)}";
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            result.Add(table.Columns.Select((column, i) => reader.IsDBNull(i) ? null : AsRowValue(reader.GetValue(i),
                column.Category)).ToArray());
        }

        return result;
    }

    private static object AsRowValue(object value, ColumnCategory category) => category switch
    {
        ColumnCategory.Integer or ColumnCategory.Year => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ColumnCategory.Boolean => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
        ColumnCategory.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        ColumnCategory.Float => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>Orders expected rows as <c>ORDER BY</c> the primary key does (ordinal, as utf8mb4_bin compares).</summary>
    private sealed class KeyOrder(TableProfile table) : IComparer<object?[]>
    {
        private readonly int[] _key = table.PrimaryKey!.Columns.Select(c => table.Columns.ToList().FindIndex(x => x.Name == c)).ToArray();

        public int Compare(object?[]? x, object?[]? y)
        {
            foreach (var i in _key)
            {
                var order = (x![i], y![i]) switch
                {
                    (string a, string b) => string.CompareOrdinal(a, b),
                    (long a, long b) => a.CompareTo(b),
                    _ => 0,
                };
                if (order != 0)
                    return order;
            }

            return 0;
        }
    }
}
