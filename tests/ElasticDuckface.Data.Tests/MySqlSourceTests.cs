using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

[Collection(MariaDbCollection.Name)]
public sealed class MySqlSourceTests(MariaDbServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [MySqlFact]
    public async Task Chinook_reads_like_the_sqlite_copy_tables_columns_keys_foreign_keys_and_indexes()
    {
        var url = await server.CreateDatabaseAsync("chinook");
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");
        var sqliteCopy = Path.Combine(Path.GetTempPath(), $"duckface-chinook-{Guid.NewGuid():N}.sqlite");
        File.Copy(RepositoryFiles.Path("examples/chinook/Chinook_Sqlite.sqlite"), sqliteCopy);
        try
        {
            IReadOnlyList<TableProfile> mysql, sqlite;
            await using (var source = await SourceDatabase.OpenReadOnlyAsync(MariaDbServer.Parse(url), s_ct))
            {
                Assert.IsType<MySqlSource>(source);
                mysql = await source.ReadSchemaAsync(s_ct);
            }

            await using (var source = await SourceDatabase.OpenReadOnlyAsync(DatabaseLocation.Parse(sqliteCopy), s_ct))
                sqlite = await source.ReadSchemaAsync(s_ct);

            Assert.Equal(11, mysql.Count);
            Assert.Equal(sqlite.Select(t => t.Name), mysql.Select(t => t.Name));
            foreach (var (my, lite) in mysql.Zip(sqlite))
            {
                Assert.Equal(Columns(lite), Columns(my));
                Assert.Equal(lite.PrimaryKey?.Columns, my.PrimaryKey?.Columns);
                Assert.Equal("PRIMARY", my.PrimaryKey?.Name);
                Assert.Equal(ForeignKeys(lite), ForeignKeys(my));
                Assert.Equal(Indexes(lite), Indexes(my));
                Assert.Empty(my.UniqueKeys);
            }

            var track = mysql.Single(t => t.Name == "Track");
            Assert.Equal(["FK_TrackAlbumId", "FK_TrackGenreId", "FK_TrackMediaTypeId"], track.ForeignKeys.Select(f => f.Name));
            Assert.All(track.ForeignKeys, f => Assert.Equal(("NO ACTION", "NO ACTION"), (f.OnDelete, f.OnUpdate)));
            var price = track.FindColumn("UnitPrice")!;
            Assert.Equal(("decimal(10,2)", ColumnCategory.Decimal, 10, 2),
                (price.SqlType, price.Category, price.Precision!.Value, price.Scale!.Value));
        }
        finally
        {
            SqliteClearPools();
            File.Delete(sqliteCopy);
        }
    }

    [MySqlFact]
    public async Task Composite_self_cyclic_nullable_and_doubled_foreign_keys_are_read_with_their_columns_in_key_order()
    {
        var url = await server.CreateDatabaseAsync("fks");
        await MariaDbServer.ExecuteScriptAsync(url, """
            CREATE TABLE composite_parent (a INT NOT NULL, b VARCHAR(20) NOT NULL, label TEXT, PRIMARY KEY (a, b));
            CREATE TABLE composite_child (
                id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                pb VARCHAR(20) NULL,
                pa INT NULL,
                CONSTRAINT fk_comp FOREIGN KEY (pa, pb) REFERENCES composite_parent (a, b) ON DELETE CASCADE ON UPDATE SET NULL);
            CREATE TABLE employee (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, manager_id BIGINT UNSIGNED NULL,
                CONSTRAINT fk_manager FOREIGN KEY (manager_id) REFERENCES employee (id));
            CREATE TABLE cycle_a (id INT NOT NULL PRIMARY KEY, b_id INT NULL);
            CREATE TABLE cycle_b (id INT NOT NULL PRIMARY KEY, a_id INT NOT NULL, CONSTRAINT fk_b_a FOREIGN KEY (a_id) REFERENCES cycle_a (id));
            ALTER TABLE cycle_a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES cycle_b (id);
            CREATE TABLE account (id INT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY uq_code (code));
            CREATE TABLE transfer (id INT NOT NULL PRIMARY KEY, from_account INT NOT NULL, to_account INT NULL,
                CONSTRAINT fk_to FOREIGN KEY (to_account) REFERENCES account (id),
                CONSTRAINT fk_from FOREIGN KEY (from_account) REFERENCES account (id));
            CREATE TABLE empty_table (note TEXT);
            """);

        var tables = await ReadAsync(url);

        Assert.Equal(["account", "composite_child", "composite_parent", "cycle_a", "cycle_b", "employee", "empty_table", "transfer"],
            tables.Select(t => t.Name));
        var child = Table(tables, "composite_child");
        var comp = Assert.Single(child.ForeignKeys);
        Assert.Equal(("fk_comp", "composite_parent", "CASCADE", "SET NULL"),
            (comp.Name, comp.ReferencedTable, comp.OnDelete, comp.OnUpdate));
        Assert.Equal(["pa", "pb"], comp.Columns);
        Assert.Equal(["a", "b"], comp.ReferencedColumns);
        Assert.Equal(["id", "pb", "pa"], child.Columns.Select(c => c.Name));
        Assert.True(child.FindColumn("id")!.AutoIncrement);
        Assert.All(child.Columns.Skip(1), c => Assert.True(c.Nullable));
        Assert.Equal(["a", "b"], Table(tables, "composite_parent").PrimaryKey!.Columns);

        var employee = Table(tables, "employee");
        var self = Assert.Single(employee.ForeignKeys);
        Assert.Equal(("fk_manager", "employee", "manager_id", "id"), (self.Name, self.ReferencedTable, self.Columns.Single(),
            self.ReferencedColumns.Single()));
        Assert.True(employee.FindColumn("id")!.Unsigned);
        Assert.Equal(ColumnCategory.Integer, employee.FindColumn("id")!.Category);

        Assert.Equal("cycle_b", Assert.Single(Table(tables, "cycle_a").ForeignKeys).ReferencedTable);
        Assert.Equal("cycle_a", Assert.Single(Table(tables, "cycle_b").ForeignKeys).ReferencedTable);

        var transfer = Table(tables, "transfer");
        Assert.Equal(["fk_from", "fk_to"], transfer.ForeignKeys.Select(f => f.Name));
        Assert.All(transfer.ForeignKeys, f => Assert.Equal("account", f.ReferencedTable));
        Assert.False(transfer.FindColumn("from_account")!.Nullable);
        Assert.True(transfer.FindColumn("to_account")!.Nullable);
        // InnoDB indexes every FK column list that no index covers yet, under the constraint's name; those are real indexes.
        Assert.Equal([("fk_from", "from_account"), ("fk_to", "to_account")],
            transfer.Indexes.Select(i => (i.Name, string.Join(",", i.Columns))));
        Assert.All(transfer.Indexes, i => Assert.False(i.Unique));

        var account = Table(tables, "account");
        Assert.Equal(new KeyProfile("uq_code", ["code"]), Assert.Single(account.UniqueKeys), KeyComparer.Instance);
        Assert.Empty(account.Indexes);

        var empty = Table(tables, "empty_table");
        Assert.Null(empty.PrimaryKey);
        Assert.Empty(empty.ForeignKeys);
        Assert.Empty(empty.Indexes);
        Assert.Equal(("note", ColumnCategory.Text, true), (empty.Columns.Single().Name, empty.Columns.Single().Category,
            empty.Columns.Single().Nullable));
    }

    [MySqlFact]
    public async Task Reserved_words_spaces_backticks_and_unicode_in_names_are_read_verbatim()
    {
        var url = await server.CreateDatabaseAsync("names");
        await MariaDbServer.ExecuteScriptAsync(url, """
            CREATE TABLE `we``ird tåble` (`ünïcode id` INT NOT NULL PRIMARY KEY);
            CREATE TABLE `order` (
                `select` INT NOT NULL,
                `weird col` VARCHAR(30) NULL,
                `group` INT NULL,
                PRIMARY KEY (`select`),
                KEY `index` (`weird col`, `group`),
                CONSTRAINT `fk ``odd``` FOREIGN KEY (`group`) REFERENCES `we``ird tåble` (`ünïcode id`));
            """);

        var tables = await ReadAsync(url);

        Assert.Equal(["order", "we`ird tåble"], tables.Select(t => t.Name));
        var order = Table(tables, "order");
        Assert.Equal(["select", "weird col", "group"], order.Columns.Select(c => c.Name));
        Assert.Equal(["select"], order.PrimaryKey!.Columns);
        var fk = Assert.Single(order.ForeignKeys);
        Assert.Equal(("fk `odd`", "we`ird tåble", "group", "ünïcode id"),
            (fk.Name, fk.ReferencedTable, fk.Columns.Single(), fk.ReferencedColumns.Single()));
        var index = order.Indexes.Single(i => i.Name == "index");
        Assert.Equal(["weird col", "group"], index.Columns);
        Assert.Equal(["ünïcode id"], Table(tables, "we`ird tåble").PrimaryKey!.Columns);
    }

    [MySqlFact]
    public async Task Column_types_defaults_enums_and_auto_increment_are_read_like_sqlite_reports_them()
    {
        var url = await server.CreateDatabaseAsync("types");
        await MariaDbServer.ExecuteScriptAsync(url, """
            CREATE TABLE typed (
                id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                flag TINYINT(1) NOT NULL DEFAULT 0,
                state ENUM('new','it''s done','a,b') NOT NULL DEFAULT 'new',
                tags SET('x','y') NULL,
                amount DECIMAL(12,3) NULL DEFAULT 1.5,
                name VARCHAR(40) NOT NULL DEFAULT 'o''brien',
                note TEXT NULL,
                raw VARBINARY(16) NULL,
                created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                nothing INT NULL,
                required INT NOT NULL);
            """);

        var typed = Assert.Single(await ReadAsync(url));

        var c = typed.Columns.ToDictionary(x => x.Name);
        Assert.Equal(("int(10) unsigned", ColumnCategory.Integer, true, true),
            (c["id"].SqlType, c["id"].Category, c["id"].Unsigned, c["id"].AutoIncrement));
        Assert.Equal((ColumnCategory.Boolean, "0"), (c["flag"].Category, c["flag"].Default));
        Assert.Equal(ColumnCategory.Enum, c["state"].Category);
        Assert.Equal(["new", "it's done", "a,b"], c["state"].EnumValues!);
        Assert.Equal("'new'", c["state"].Default);
        Assert.Equal(ColumnCategory.Set, c["tags"].Category);
        Assert.Equal(["x", "y"], c["tags"].EnumValues!);
        Assert.Equal((ColumnCategory.Decimal, 12, 3, "1.500"), (c["amount"].Category, c["amount"].Precision!.Value,
            c["amount"].Scale!.Value, c["amount"].Default));
        Assert.Equal((ColumnCategory.String, 40L, "'o''brien'"), (c["name"].Category, c["name"].Length!.Value, c["name"].Default));
        Assert.Equal((ColumnCategory.Text, 65_535L), (c["note"].Category, c["note"].Length!.Value));
        Assert.Equal((ColumnCategory.Binary, 16L), (c["raw"].Category, c["raw"].Length!.Value));
        Assert.Equal(ColumnCategory.DateTime, c["created"].Category);
        Assert.Equal("current_timestamp()", c["created"].Default, ignoreCase: true);
        Assert.Null(c["nothing"].Default);
        Assert.Null(c["required"].Default);
        Assert.All(typed.Columns.Where(x => x.Name != "id"), x => Assert.False(x.AutoIncrement));
    }

    [MySqlFact]
    public async Task An_unreachable_port_gives_one_line_naming_the_server_and_asking_whether_it_runs()
    {
        var port = MariaDbServer.FreePort();
        var location = DatabaseLocation.Parse($"mysql://root:s3cret-pw@127.0.0.1:{port}/nowhere?connect-timeout=3", new Dictionary<string,
            string?>());

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => SourceDatabase.OpenReadOnlyAsync(location, s_ct));

        AssertOneLine(ex.Message);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is the server running?", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DatabaseError, ex.ExitCode);
    }

    [MySqlFact]
    public async Task A_wrong_password_gives_one_line_that_mentions_DUCKFACE_PASSWORD_and_never_the_password()
    {
        var url = await server.CreateDatabaseAsync("auth");
        await server.CreateUserAsync("dfc_auth_user", "right-pw");
        var location = MariaDbServer.Parse(MariaDbServer.WithCredentials(url, "dfc_auth_user", "wrong-pw-123"));

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => SourceDatabase.OpenReadOnlyAsync(location, s_ct));

        AssertOneLine(ex.Message);
        Assert.Contains("wrong user or password", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DUCKFACE_PASSWORD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dfc_auth_user", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw-123", ex.Message, StringComparison.Ordinal);
    }

    [MySqlFact]
    public async Task The_user_and_password_come_from_an_option_file_after_the_url_and_DUCKFACE_PASSWORD()
    {
        var url = await server.CreateDatabaseAsync("optfile");
        await server.CreateUserAsync("dfc_opt_user", "opt-pw@#1");
        var file = Path.Combine(Path.GetTempPath(), $"duckface-my-{Guid.NewGuid():N}.cnf");
        await File.WriteAllLinesAsync(file, ["# written by the test", "[mysqld]", "password = not-this", "[client]",
            "user = dfc_opt_user", "password = \"opt-pw@#1\""]);
        try
        {
            // no user and no password in the URL: both come from the file's [client] group, never into the display
            var bare = url.Replace("mysql://root@", "mysql://", StringComparison.Ordinal);
            var withFile = bare + "&defaults-file=" + Uri.EscapeDataString(file);
            var location = DatabaseLocation.Parse(withFile, new Dictionary<string, string?>());
            Assert.Contains("dfc_opt_user@", location.Display, StringComparison.Ordinal);
            Assert.DoesNotContain("opt-pw", location.Display, StringComparison.Ordinal);
            await using (var source = await SourceDatabase.OpenReadOnlyAsync(location, s_ct))
                Assert.Empty(await source.ReadSchemaAsync(s_ct));

            // DUCKFACE_PASSWORD wins over the file: a wrong one is refused
            var wrong = DatabaseLocation.Parse(withFile, new Dictionary<string, string?> { ["DUCKFACE_PASSWORD"] = "wrong-pw" });
            await Assert.ThrowsAsync<DatabaseOperationException>(() => SourceDatabase.OpenReadOnlyAsync(wrong, s_ct));

            // ~/.my.cnf is read when the URL names no file
            var home = Path.Combine(Path.GetTempPath(), $"duckface-home-{Guid.NewGuid():N}");
            Directory.CreateDirectory(home);
            File.Copy(file, Path.Combine(home, ".my.cnf"));
            var fromHome = DatabaseLocation.Parse(bare, new Dictionary<string, string?> { ["HOME"] = home });
            await using (var source = await SourceDatabase.OpenReadOnlyAsync(fromHome, s_ct))
                Assert.Empty(await source.ReadSchemaAsync(s_ct));
            Directory.Delete(home, recursive: true);

            var missing = Assert.Throws<DuckfaceException>(() =>
                DatabaseLocation.Parse(bare + "&defaults-file=/nonexistent/my.cnf", new Dictionary<string, string?>()));
            Assert.Equal(ExitCodes.OutputError, missing.ExitCode);
            Assert.Contains("Cannot read the MySQL option file", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [MySqlFact]
    public async Task An_unknown_database_gives_one_line_naming_it_and_suggesting_to_check_the_name()
    {
        var url = await server.CreateDatabaseAsync("known");
        var missing = MariaDbServer.WithDatabase(url, "dfc_no_such_db");

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => SourceDatabase.OpenReadOnlyAsync(MariaDbServer.Parse(missing),
            s_ct));

        AssertOneLine(ex.Message);
        Assert.Contains("'dfc_no_such_db' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Check the database name", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("known", ex.Message, StringComparison.Ordinal);
    }

    [MySqlFact]
    public async Task The_source_runs_in_a_read_only_transaction_so_an_insert_fails_and_writes_nothing()
    {
        var url = await server.CreateDatabaseAsync("readonly");
        await MariaDbServer.ExecuteScriptAsync(url, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY)");

        await using (var source = await SourceDatabase.OpenReadOnlyAsync(MariaDbServer.Parse(url), s_ct))
        {
            Assert.NotNull(source.Transaction);
            var ex = await Assert.ThrowsAsync<MySqlException>(() =>
                source.Connection.ExecuteAsync(new CommandDefinition("INSERT INTO t (id) VALUES (1)", transaction: source.Transaction,
                    cancellationToken: s_ct)));
            Assert.Contains("READ ONLY", ex.Message, StringComparison.OrdinalIgnoreCase);
        }

        await using var check = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void MariaDb_defaults_are_normalised_to_sqlite_sql_text()
    {
        Assert.Null(MySqlSource.NormalizeDefault("NULL", "", ColumnCategory.Integer, mariaDb: true));
        Assert.Null(MySqlSource.NormalizeDefault(null, "", ColumnCategory.Integer, mariaDb: true));
        Assert.Equal("'abc'", MySqlSource.NormalizeDefault("'abc'", "", ColumnCategory.String, mariaDb: true));
        Assert.Equal("'it''s'", MySqlSource.NormalizeDefault("it's", "", ColumnCategory.String, mariaDb: false));
        Assert.Equal("42", MySqlSource.NormalizeDefault("42", "", ColumnCategory.Integer, mariaDb: false));
        Assert.Equal("CURRENT_TIMESTAMP", MySqlSource.NormalizeDefault("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", ColumnCategory.DateTime,
            mariaDb: false));
    }

    private static async Task<IReadOnlyList<TableProfile>> ReadAsync(string url)
    {
        await using var source = await SourceDatabase.OpenReadOnlyAsync(MariaDbServer.Parse(url), s_ct);
        return await source.ReadSchemaAsync(s_ct);
    }

    private static TableProfile Table(IReadOnlyList<TableProfile> tables, string name) => tables.Single(t => t.Name == name);

    private static List<string> Columns(TableProfile t) =>
        t.Columns.Select(c => $"{c.Name} {c.Category} len={c.Length} p={c.Precision} s={c.Scale} null={c.Nullable}").ToList();

    private static List<string> ForeignKeys(TableProfile t) =>
        t.ForeignKeys.Select(f => $"({string.Join(",", f.Columns)}) -> {f.ReferencedTable}({string.Join(",", f.ReferencedColumns)})").ToList();

    private static List<string> Indexes(TableProfile t) =>
        t.Indexes.Select(i => $"{i.Name}({string.Join(",", i.Columns)}) unique={i.Unique}").ToList();

    private static void AssertOneLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.DoesNotContain(" at ElasticDuckface", message, StringComparison.Ordinal);
    }

    private static void SqliteClearPools() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private sealed class KeyComparer : IEqualityComparer<KeyProfile>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(KeyProfile? x, KeyProfile? y) => x?.Name == y?.Name && (x?.Columns ?? []).SequenceEqual(y?.Columns ?? []);

        public int GetHashCode(KeyProfile obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
