using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Tests;

public sealed class MySqlDdlTests
{
    private static readonly TableProfile s_sqliteTrack = new()
    {
        Name = "Track",
        Columns =
        [
            new ColumnProfile { Name = "TrackId", SqlType = "INTEGER", Category = ColumnCategory.Integer, AutoIncrement = true },
            new ColumnProfile { Name = "Name", SqlType = "NVARCHAR(200)", Category = ColumnCategory.String, Length = 200, Default = "'untitled'" },
            new ColumnProfile { Name = "AlbumId", SqlType = "INTEGER", Category = ColumnCategory.Integer, Nullable = true },
            new ColumnProfile { Name = "UnitPrice", SqlType = "NUMERIC(10,2)", Category = ColumnCategory.Decimal, Precision = 10, Scale = 2, Default = "0.99" },
            new ColumnProfile { Name = "Added", SqlType = "DATETIME", Category = ColumnCategory.DateTime, Nullable = true, Default = "CURRENT_TIMESTAMP" },
            new ColumnProfile { Name = "Lyrics", SqlType = "TEXT", Category = ColumnCategory.Text, Nullable = true, Default = "'la'" },
            new ColumnProfile { Name = "Cover", SqlType = "BLOB", Category = ColumnCategory.Binary, Length = 65_535, Nullable = true },
            new ColumnProfile { Name = "Odd", SqlType = "WHATEVER", Category = ColumnCategory.Other, Nullable = true, Default = "random()" },
        ],
        PrimaryKey = new KeyProfile("PRIMARY", ["TrackId"]),
        UniqueKeys = [new KeyProfile("UQ_Track_Name", ["Name", "AlbumId"])],
        Indexes = [new IndexProfile("IFK_TrackAlbumId", ["AlbumId"], false), new IndexProfile("IX_Lyrics", ["Lyrics"], false)],
        ForeignKeys =
        [
            new ForeignKeyProfile
            {
                Name = "FK_Track_AlbumId", Columns = ["AlbumId"], ReferencedTable = "Album", ReferencedColumns = ["AlbumId"],
                OnDelete = "NO ACTION", OnUpdate = "SET DEFAULT",
            },
        ],
    };

    [Fact]
    public void A_sqlite_table_becomes_an_innodb_utf8mb4_table_with_mapped_types_keys_and_indexes()
    {
        Assert.Equal(
            """
            CREATE TABLE `Track` (
              `TrackId` bigint NOT NULL AUTO_INCREMENT,
              `Name` varchar(200) NOT NULL DEFAULT 'untitled',
              `AlbumId` bigint NULL,
              `UnitPrice` decimal(10,2) NOT NULL DEFAULT 0.99,
              `Added` datetime NULL DEFAULT CURRENT_TIMESTAMP,
              `Lyrics` text NULL,
              `Cover` longblob NULL,
              `Odd` longtext NULL,
              PRIMARY KEY (`TrackId`),
              UNIQUE KEY `UQ_Track_Name` (`Name`, `AlbumId`),
              KEY `IFK_TrackAlbumId` (`AlbumId`),
              KEY `IX_Lyrics` (`Lyrics`(255))
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """.ReplaceLineEndings("\n"),
            MySqlDdl.CreateTable(s_sqliteTrack, "sqlite"));
    }

    [Fact]
    public void Foreign_keys_are_separate_alter_statements_and_set_default_is_left_to_the_server()
    {
        Assert.Equal(
            ["ALTER TABLE `Track` ADD CONSTRAINT `FK_Track_AlbumId` FOREIGN KEY (`AlbumId`) REFERENCES `Album` (`AlbumId`) ON DELETE NO ACTION"],
            MySqlDdl.AddForeignKeys(s_sqliteTrack));
    }

    [Fact]
    public void A_mysql_profile_keeps_declared_types_defaults_and_quotes_odd_names()
    {
        var table = new TableProfile
        {
            Name = "we`ird tåble",
            Columns =
            [
                new ColumnProfile { Name = "select", SqlType = "int(10) unsigned", Category = ColumnCategory.Integer, Unsigned = true },
                new ColumnProfile { Name = "state", SqlType = "enum('new','it''s')", Category = ColumnCategory.Enum, EnumValues = ["new", "it's"], Default = "'new'" },
                new ColumnProfile { Name = "flag", SqlType = "tinyint(1)", Category = ColumnCategory.Boolean, Nullable = true, Default = "0" },
            ],
            ForeignKeys =
            [
                new ForeignKeyProfile
                {
                    Name = "fk `odd`", Columns = ["select", "flag"], ReferencedTable = "order", ReferencedColumns = ["a", "b"],
                    OnDelete = "cascade", OnUpdate = "SET NULL",
                },
            ],
        };

        Assert.Equal(
            """
            CREATE TABLE `we``ird tåble` (
              `select` int(10) unsigned NOT NULL,
              `state` enum('new','it''s') NOT NULL DEFAULT 'new',
              `flag` tinyint(1) NULL DEFAULT 0
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """.ReplaceLineEndings("\n"),
            MySqlDdl.CreateTable(table, "mysql"));
        Assert.Equal(
            ["ALTER TABLE `we``ird tåble` ADD CONSTRAINT `fk ``odd``` FOREIGN KEY (`select`, `flag`) REFERENCES `order` (`a`, `b`) ON DELETE CASCADE ON UPDATE SET NULL"],
            MySqlDdl.AddForeignKeys(table));
    }

    [Theory]
    [InlineData("INTEGER", ColumnCategory.Integer, null, null, null, false, "bigint")]
    [InlineData("int", ColumnCategory.Integer, null, null, null, true, "int unsigned")]
    [InlineData("SMALLINT", ColumnCategory.Integer, null, null, null, false, "smallint")]
    [InlineData("NVARCHAR(160)", ColumnCategory.String, 160L, null, null, false, "varchar(160)")]
    [InlineData("CHAR(2)", ColumnCategory.String, 2L, null, null, false, "char(2)")]
    [InlineData("VARCHAR(100000)", ColumnCategory.String, 100_000L, null, null, false, "mediumtext")]
    [InlineData("NUMERIC(10,2)", ColumnCategory.Decimal, null, 10, 2, false, "decimal(10,2)")]
    [InlineData("NUMERIC(99,40)", ColumnCategory.Decimal, null, 99, 40, false, "decimal(65,30)")]
    [InlineData("REAL", ColumnCategory.Float, null, null, null, false, "double")]
    [InlineData("BOOLEAN", ColumnCategory.Boolean, null, null, null, false, "tinyint(1)")]
    [InlineData("DATE", ColumnCategory.Date, null, null, null, false, "date")]
    [InlineData("DATETIME", ColumnCategory.DateTime, null, null, null, false, "datetime")]
    [InlineData("TEXT", ColumnCategory.Text, null, null, null, false, "text")]
    [InlineData("BLOB", ColumnCategory.Binary, 65_535L, null, null, false, "longblob")]
    [InlineData("VARBINARY(16)", ColumnCategory.Binary, 16L, null, null, false, "varbinary(16)")]
    public void Sqlite_types_map_to_mysql_types(string declared, ColumnCategory category, long? length, int? precision, int? scale, bool unsigned, string expected)
    {
        var column = new ColumnProfile { Name = "c", SqlType = declared, Category = category, Length = length, Precision = precision, Scale = scale, Unsigned = unsigned };

        Assert.Equal(expected, MySqlDdl.ColumnType(column, fromMySql: false));
    }

    [Fact]
    public void The_orphan_query_skips_keys_with_a_null_column_and_matches_every_column()
    {
        var table = new TableProfile { Name = "child", Columns = [] };
        var fk = new ForeignKeyProfile { Name = "fk", Columns = ["pa", "pb"], ReferencedTable = "parent", ReferencedColumns = ["a", "b"] };

        Assert.Equal(
            "SELECT COUNT(*) FROM `child` c WHERE c.`pa` IS NOT NULL AND c.`pb` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `parent` p WHERE p.`a` = c.`pa` AND p.`b` = c.`pb`)",
            MySqlWriter.OrphanCountSql(table, fk));
    }
}
