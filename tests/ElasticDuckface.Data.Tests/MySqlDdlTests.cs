using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Writers;
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
            new ColumnProfile { Name = "Name", SqlType = "NVARCHAR(200)", Category = ColumnCategory.String, Length = 200,
                Default = "'untitled'" },
            new ColumnProfile { Name = "AlbumId", SqlType = "INTEGER", Category = ColumnCategory.Integer, Nullable = true },
            new ColumnProfile { Name = "UnitPrice", SqlType = "NUMERIC(10,2)", Category = ColumnCategory.Decimal, Precision = 10,
                Scale = 2, Default = "0.99" },
            new ColumnProfile { Name = "Added", SqlType = "DATETIME", Category = ColumnCategory.DateTime, Nullable = true,
                Default = "CURRENT_TIMESTAMP" },
            new ColumnProfile { Name = "Lyrics", SqlType = "TEXT", Category = ColumnCategory.Text, Nullable = true, Default = "'la'" },
            new ColumnProfile { Name = "Cover", SqlType = "BLOB", Category = ColumnCategory.Binary, Length = 65_535, Nullable = true },
            new ColumnProfile { Name = "Odd", SqlType = "WHATEVER", Category = ColumnCategory.Other, Nullable = true,
                Default = "random()" },
            new ColumnProfile { Name = "Body", SqlType = "TEXT", Category = ColumnCategory.Text, Length = 100_000, Nullable = true },
            new ColumnProfile { Name = "Hash", SqlType = "BLOB", Category = ColumnCategory.Binary, Length = 32 },
        ],
        PrimaryKey = new KeyProfile("PRIMARY", ["TrackId"]),
        UniqueKeys = [new KeyProfile("PK_again", ["TrackId"]), new KeyProfile("UQ_Track_Name", ["Name", "AlbumId"]),
            new KeyProfile("UQ_Hash", ["Hash"])],
        Indexes =
        [
            new IndexProfile("IFK_TrackAlbumId", ["AlbumId"], false), new IndexProfile("IX_Lyrics", ["Lyrics"], false),
            new IndexProfile("IX_Body", ["Body"], false), new IndexProfile("IX_none", [], false),
        ],
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
    public void Issue12_another_engines_date_time_with_fractions_keeps_its_digits()
    {
        ColumnProfile Column(ColumnCategory category, SecondFractions? fractions) => new()
        {
            Name = "at", SqlType = "timestamp(6) without time zone", Category = category,
            Stats = new ColumnStatistics { Distribution = new EmptyDistribution(), Fractions = fractions },
        };

        string Mapped(ColumnCategory category, SecondFractions? fractions) =>
            MySqlDdl.ColumnType(Column(category, fractions), "postgres", keyed: false);

        Assert.Equal("datetime(3)", Mapped(ColumnCategory.DateTime, new SecondFractions(0.5, 3)));
        Assert.Equal("time(6)", Mapped(ColumnCategory.Time, new SecondFractions(1, 6)));
        // a profile without fractions (every older one) maps as it always did
        Assert.Equal("datetime", Mapped(ColumnCategory.DateTime, null));
    }

    [Fact]
    public void A_sqlite_table_becomes_an_innodb_utf8mb4_table_with_mapped_types_keys_and_indexes()
    {
        // Keyed TEXT/BLOB that fit in a key become varchar/varbinary; a longer one keeps a 255-character index prefix.
        // A unique key that repeats the primary key and an index without columns are left out.
        Assert.Equal(
            """
            CREATE TABLE `Track` (
              `TrackId` bigint NOT NULL AUTO_INCREMENT,
              `Name` varchar(200) NOT NULL DEFAULT 'untitled',
              `AlbumId` bigint NULL,
              `UnitPrice` decimal(10,2) NOT NULL DEFAULT 0.99,
              `Added` datetime NULL DEFAULT CURRENT_TIMESTAMP,
              `Lyrics` varchar(255) NULL,
              `Cover` longblob NULL,
              `Odd` longtext NULL,
              `Body` mediumtext NULL,
              `Hash` varbinary(32) NOT NULL,
              PRIMARY KEY (`TrackId`),
              UNIQUE KEY `UQ_Track_Name` (`Name`, `AlbumId`),
              UNIQUE KEY `UQ_Hash` (`Hash`),
              KEY `IFK_TrackAlbumId` (`AlbumId`),
              KEY `IX_Lyrics` (`Lyrics`),
              KEY `IX_Body` (`Body`(255))
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """.ReplaceLineEndings("\n"),
            MySqlDdl.CreateTable(s_sqliteTrack, "sqlite"));
    }

    [Fact]
    public void Plain_secondary_indexes_wait_for_the_load_in_one_alter_table_and_unique_and_foreign_key_ones_stay()
    {
        var options = new WriterOptions(false, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        var create = MySqlDdl.CreateTable(s_sqliteTrack, options, deferIndexes: true);
        Assert.Contains("KEY `IFK_TrackAlbumId` (`AlbumId`)", create, StringComparison.Ordinal); // FK_Track_AlbumId needs it
        Assert.Contains("UNIQUE KEY `UQ_Hash` (`Hash`)", create, StringComparison.Ordinal);
        Assert.DoesNotContain("IX_Lyrics", create, StringComparison.Ordinal);
        Assert.DoesNotContain("IX_Body", create, StringComparison.Ordinal);
        Assert.Equal("ALTER TABLE `Track` ADD KEY `IX_Lyrics` (`Lyrics`), ADD KEY `IX_Body` (`Body`(255))",
            MySqlDdl.AddDeferredIndexes(s_sqliteTrack, options));
        // without deferring (a --format sql script) every index stays in CREATE TABLE
        Assert.Equal(MySqlDdl.CreateTable(s_sqliteTrack, "sqlite"), MySqlDdl.CreateTable(s_sqliteTrack, options));
        Assert.Null(MySqlDdl.AddDeferredIndexes(s_sqliteTrack with { Indexes = [] }, options));
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
                new ColumnProfile { Name = "state", SqlType = "enum('new','it''s')", Category = ColumnCategory.Enum,
                    EnumValues = ["new", "it's"], Default = "'new'" },
                new ColumnProfile { Name = "flag", SqlType = "tinyint(1)", Category = ColumnCategory.Boolean, Nullable = true,
                    Default = "0" },
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
    [InlineData("int", ColumnCategory.Integer, null, null, null, true, "bigint unsigned")]
    [InlineData("SMALLINT", ColumnCategory.Integer, null, null, null, false, "bigint")]
    [InlineData("NVARCHAR(160)", ColumnCategory.String, 160L, null, null, false, "varchar(160)")]
    [InlineData("CHAR(2)", ColumnCategory.String, 2L, null, null, false, "char(2)")]
    [InlineData("VARCHAR(100000)", ColumnCategory.String, 100_000L, null, null, false, "mediumtext")]
    [InlineData("NUMERIC(10,2)", ColumnCategory.Decimal, null, 10, 2, false, "decimal(10,2)")]
    [InlineData("NUMERIC(99,40)", ColumnCategory.Decimal, null, 99, 40, false, "decimal(65,30)")]
    [InlineData("REAL", ColumnCategory.Float, null, null, null, false, "double")]
    [InlineData("BOOLEAN", ColumnCategory.Boolean, null, null, null, false, "tinyint(1)")]
    [InlineData("DATE", ColumnCategory.Date, null, null, null, false, "date")]
    [InlineData("DATETIME", ColumnCategory.DateTime, null, null, null, false, "datetime")]
    [InlineData("FLOAT", ColumnCategory.Float, null, null, null, false, "double")]
    [InlineData("TEXT", ColumnCategory.Text, null, null, null, false, "text")]
    [InlineData("TEXT", ColumnCategory.Text, 20_000_000L, null, null, false, "longtext")]
    [InlineData("WHATEVER", ColumnCategory.Other, null, null, null, false, "longtext")]
    [InlineData("BLOB", ColumnCategory.Binary, 65_535L, null, null, false, "longblob")]
    [InlineData("VARBINARY(16)", ColumnCategory.Binary, 16L, null, null, false, "varbinary(16)")]
    public void Sqlite_types_map_to_mysql_types(string declared, ColumnCategory category, long? length, int? precision, int? scale,
        bool unsigned, string expected)
    {
        var column = new ColumnProfile { Name = "c", SqlType = declared, Category = category, Length = length, Precision = precision,
            Scale = scale, Unsigned = unsigned };

        Assert.Equal(expected, MySqlDdl.ColumnType(column, "sqlite", keyed: false));
    }

    [Theory]
    [InlineData("int(10) unsigned", "int unsigned")]
    [InlineData("integer", "int")]
    [InlineData("int2", "smallint")]
    [InlineData("smallint", "smallint")]
    [InlineData("int8", "bigint")]
    public void Other_engines_keep_their_canonical_integer_widths(string declared, string expected)
    {
        var column = new ColumnProfile { Name = "n", SqlType = declared, Category = ColumnCategory.Integer,
            Unsigned = declared.Contains("unsigned", StringComparison.Ordinal) };

        var widths = new NamedColumnTypeMap(new Dictionary<string, int>(StringComparer.Ordinal) { ["int"] = 32, ["integer"] = 32,
            ["int2"] = 16, ["smallint"] = 16 });

        Assert.Equal(expected, MySqlDdl.ColumnType(column, new WriterOptions(false, "postgres", widths), keyed: false));
    }

    [Fact]
    public void Keyed_text_and_blob_become_varchar_and_varbinary_when_they_fit_in_a_key()
    {
        ColumnProfile Column(ColumnCategory category, long? length) => new() { Name = "k", SqlType = "x", Category = category,
            Length = length };

        Assert.Equal("varchar(255)", MySqlDdl.ColumnType(Column(ColumnCategory.Text, null), "sqlite", keyed: true));
        Assert.Equal("varchar(768)", MySqlDdl.ColumnType(Column(ColumnCategory.Text, 768), "sqlite", keyed: true));
        Assert.Equal("text", MySqlDdl.ColumnType(Column(ColumnCategory.Text, 769), "sqlite", keyed: true));
        Assert.Equal("varchar(40)", MySqlDdl.ColumnType(Column(ColumnCategory.Other, 40), "sqlite", keyed: true));
        Assert.Equal("varbinary(255)", MySqlDdl.ColumnType(Column(ColumnCategory.Binary, null), "sqlite", keyed: true));
        Assert.Equal("longblob", MySqlDdl.ColumnType(Column(ColumnCategory.Binary, 5000), "sqlite", keyed: true));
    }

    [Fact]
    public void Enum_members_use_the_shared_literal_escaping_and_an_empty_enum_becomes_varchar()
    {
        var choice = new ColumnProfile { Name = "c", SqlType = "enum('a','it''s')", Category = ColumnCategory.Enum,
            EnumValues = ["a", "it's", "back\\slash"] };

        Assert.Equal("enum('a','it\\'s','back\\\\slash')", MySqlDdl.ColumnType(choice, "sqlite", keyed: false));
        Assert.Equal("varchar(255)", MySqlDdl.ColumnType(choice with { EnumValues = [] }, "sqlite", keyed: false));
        Assert.Equal("enum('a','it''s')", MySqlDdl.ColumnType(choice, "mysql", keyed: false));
    }

    [Fact]
    public void Auto_increment_stays_only_on_a_column_that_starts_a_key()
    {
        var table = new TableProfile
        {
            Name = "t",
            Columns =
            [
                new ColumnProfile { Name = "a", SqlType = "INTEGER", Category = ColumnCategory.Integer, AutoIncrement = true },
                new ColumnProfile { Name = "b", SqlType = "INTEGER", Category = ColumnCategory.Integer, AutoIncrement = true },
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["b", "a"]),
        };

        Assert.Equal(
            """
            CREATE TABLE `t` (
              `a` bigint NOT NULL,
              `b` bigint NOT NULL AUTO_INCREMENT,
              PRIMARY KEY (`b`, `a`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """.ReplaceLineEndings("\n"),
            MySqlDdl.CreateTable(table, "sqlite"));
    }

    [Fact]
    public void A_string_default_from_another_dialect_is_re_escaped_and_other_expressions_are_dropped()
    {
        var table = new TableProfile
        {
            Name = "t",
            Columns =
            [
                new ColumnProfile { Name = "s", SqlType = "TEXT", Category = ColumnCategory.String, Default = @"'it''s a\b'" },
                new ColumnProfile { Name = "d", SqlType = "DATE", Category = ColumnCategory.Date, Default = "'soon'" },
                new ColumnProfile { Name = "n", SqlType = "INTEGER", Category = ColumnCategory.Integer, Default = "abs(-1)" },
            ],
        };

        Assert.Equal(
            """
            CREATE TABLE `t` (
              `s` varchar(255) NOT NULL DEFAULT 'it\'s a\\b',
              `d` date NOT NULL,
              `n` bigint NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """.ReplaceLineEndings("\n"),
            MySqlDdl.CreateTable(table, "sqlite"));
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

    [Fact]
    public void The_distinct_key_orphan_query_reads_each_key_value_once_and_checks_it_the_same_way()
    {
        var table = new TableProfile { Name = "child", Columns = [] };
        var fk = new ForeignKeyProfile { Name = "fk", Columns = ["pa", "pb"], ReferencedTable = "parent", ReferencedColumns = ["a", "b"] };

        Assert.Equal(
            "SELECT COUNT(*) FROM (SELECT DISTINCT `pa`, `pb` FROM `child`) c WHERE c.`pa` IS NOT NULL AND c.`pb` IS NOT NULL "
            + "AND NOT EXISTS (SELECT 1 FROM `parent` p WHERE p.`a` = c.`pa` AND p.`b` = c.`pb`)",
            Data.Verification.OrphanCheck.DistinctKeysSql(MySqlNames.Quote, table, fk));
    }
}
