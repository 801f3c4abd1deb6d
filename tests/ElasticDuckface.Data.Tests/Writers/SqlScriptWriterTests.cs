using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

public sealed class SqlScriptWriterTests : IDisposable
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
        [1L, "O'Brien", "a\\b\nc\r\0\u001a\"", new byte[] { 0xDE, 0xAD }, new DateTime(1990, 5, 6), true, 12.50m, new TimeSpan(1, 2, 3), 0.1],
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
            Assert.Equal(pets, await writer.WriteRowsAsync(s_tables[1], Enumerable.Range(1, pets).Select(i => new object?[] { (long)i, 2L })));
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
}
