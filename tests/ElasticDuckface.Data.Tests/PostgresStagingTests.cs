using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests;

/// <summary>Issue 12 on PostgreSQL: a run builds in a staging schema and swaps it in with one transaction.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStagingTests(PostgresServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [PostgresFact]
    public async Task Replace_keeps_the_old_rows_until_the_swap_and_moves_keys_sequences_and_enums_with_the_tables()
    {
        var url = await server.CreateDatabaseAsync("swap");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1, 2, 3]);
        await PostgresServer.ExecuteAsync(url, "CREATE TABLE other (x int); INSERT INTO other VALUES (1)");

        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            await writer.CreateSchemaAsync([Parent, Child], s_ct);
            await writer.WriteRowsAsync(Parent, Rows(5), s_ct);
            await writer.WriteRowsAsync(Child, [[1L, 5L], [2L, 4L]], s_ct);
            Assert.Single(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
            Assert.Equal((3, 3), await CountsAsync(url)); // not yet replaced
            await writer.CompleteAsync(s_ct);
        }

        Assert.Equal((5, 2), await CountsAsync(url));
        Assert.Equal(["child", "other", "parent"], await PostgresEngine.Instance.ListTablesAsync(location, s_ct));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM other"));
        // constraints, the identity sequence and the enum type all live in public now
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f' "
            + "AND confrelid = 'public.parent'::regclass"));
        Assert.Equal(2, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'p'"));
        Assert.Equal("public.parent_id_seq", await PostgresServer.ScalarAsync<string>(url,
            "SELECT pg_get_serial_sequence('public.parent', 'id')"));
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_type WHERE typname = 'parent_kind' AND typnamespace = 'public'::regnamespace"));
        Assert.Equal(6, await PostgresServer.ScalarAsync<long>(url, "INSERT INTO parent (kind) VALUES ('b') RETURNING id"));
        var fk = await Record.ExceptionAsync(() => PostgresServer.ExecuteAsync(url, "INSERT INTO child VALUES (9, 99)"));
        Assert.Contains("foreign key", fk?.Message ?? "", StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_failed_replace_leaves_the_target_schema_exactly_as_before_and_no_staging()
    {
        var url = await server.CreateDatabaseAsync("failed");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1, 2, 3]);
        var before = await SnapshotAsync(location);

        // an orphan: the foreign key fails in the staging schema, after every row is loaded
        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            await writer.CreateSchemaAsync([Parent, Child], s_ct);
            await writer.WriteRowsAsync(Parent, Rows(2), s_ct);
            await writer.WriteRowsAsync(Child, [[1L, 42L]], s_ct);
            await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CompleteAsync(s_ct));
        }

        Assert.Equal(before, await SnapshotAsync(location));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

        // a table the server refuses to create (the second one of the same name): the target is not touched either
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CreateSchemaAsync([Parent, Child, Parent], s_ct));
            Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync(location));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }

    [PostgresFact]
    public Task A_generate_replace_cancelled_mid_load_leaves_the_target_as_before_and_the_next_run_completes() => CancelledAsync("[3/");

    [PostgresFact]
    public Task A_generate_replace_cancelled_while_adding_keys_leaves_the_target_as_before_and_the_next_run_completes() =>
        CancelledAsync("Checking constraints");

    private async Task CancelledAsync(string cancelAt)
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var url = server.NewDatabaseUrl("cancel");
        var location = PostgresServer.Parse(url);
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 1 },
            Target = url });
        var before = await SnapshotAsync(location);

        using var cts = new CancellationTokenSource();
        var progress = new CancelOn(cancelAt, cts);
        var request = new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2, Seed = 2 }, Target = url,
            Replace = true };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GenerateRun.RunAsync(request, progress, cts.Token));
        Assert.True(progress.Cancelled);
        Assert.Equal(before, await SnapshotAsync(location));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

        var outcome = await GenerateRun.RunAsync(request);
        foreach (var t in profile.Tables)
            Assert.Equal(outcome.Plan[t.Name].TargetRows, await PostgresServer.ScalarAsync<long>(url,
                $"SELECT COUNT(*) FROM \"{t.Name}\""));
        var verify = await VerifyRun.RunAsync(profile, location, new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verify.Report.HardChecksFailed == 0, string.Join("; ",
            verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
    }

    /// <summary>
    /// A cancelled generate into a database that does not exist yet used to leave it behind, empty, though the message says
    /// the target was left as it was: the run drops the database it created (and, in an existing database, the schema it
    /// created), so the server is as before; the rerun creates it again and completes.
    /// </summary>
    [PostgresFact]
    public async Task A_generate_into_a_new_database_cancelled_mid_load_leaves_no_database_behind()
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var url = server.NewDatabaseUrl("cancelnew");
        var location = PostgresServer.Parse(url);
        using var cts = new CancellationTokenSource();
        var progress = new CancelOn("[3/", cts);
        var request = new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 1 }, Target = url };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GenerateRun.RunAsync(request, progress, cts.Token));
        Assert.True(progress.Cancelled);
        Assert.Equal(0, await DatabasesNamedAsync(url, location.DatabaseName!));

        // a new schema of an existing database: dropped too, the database kept
        var existing = await server.CreateDatabaseAsync("cancelschema");
        var inSchema = existing + (existing.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "schema=fresh";
        using var again = new CancellationTokenSource();
        var second = new CancelOn("[3/", again);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GenerateRun.RunAsync(request with { Target = inSchema }, second, again.Token));
        Assert.Equal(0, await PostgresServer.ScalarAsync<long>(existing, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE 'fresh%'"));

        var outcome = await GenerateRun.RunAsync(request);
        Assert.Equal(outcome.Plan["Track"].TargetRows, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM \"Track\""));
    }

    /// <summary>A run into a new database that fails (an orphan row: the foreign key refused after the loads) drops the database.</summary>
    [PostgresFact]
    public async Task A_failed_run_into_a_new_database_drops_it()
    {
        var url = server.NewDatabaseUrl("failnew");
        var location = PostgresServer.Parse(url);
        var options = new WriterOptions(false, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            Assert.Equal(1, await DatabasesNamedAsync(url, location.DatabaseName!));
            await writer.CreateSchemaAsync([Parent, Child], s_ct);
            await writer.WriteRowsAsync(Parent, Rows(2), s_ct);
            await writer.WriteRowsAsync(Child, [[1L, 42L]], s_ct);
            await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CompleteAsync(s_ct));
        }

        Assert.Equal(0, await DatabasesNamedAsync(url, location.DatabaseName!));
    }

    /// <summary>
    /// --replace used to run DROP TABLE … CASCADE, silently dropping the user's views, materialized views and other tables'
    /// foreign keys on the replaced tables. Now such a target is refused before any table is built (exit 5), naming every
    /// dependent object; the target is exactly as it was, the dependents intact; without them the replace completes.
    /// </summary>
    [PostgresFact]
    public async Task Replace_is_refused_before_anything_is_written_when_views_or_other_tables_depend_on_a_replaced_table()
    {
        var url = await server.CreateDatabaseAsync("depends");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1, 2, 3]);
        await PostgresServer.ExecuteAsync(url, "CREATE TABLE extra (id int PRIMARY KEY, pid int REFERENCES parent (id)); "
            + "INSERT INTO extra VALUES (1, 2); CREATE VIEW parent_view AS SELECT id FROM parent; "
            + "CREATE MATERIALIZED VIEW child_counts AS SELECT count(*) AS n FROM child");
        var before = await SnapshotAsync(location);

        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            var ex = await Assert.ThrowsAsync<OutputException>(() => writer.CreateSchemaAsync([Parent, Child], s_ct));
            Assert.Equal(ExitCodes.OutputError, ex.ExitCode);
            Assert.Contains("view parent_view depends on table parent", ex.Message, StringComparison.Ordinal);
            Assert.Contains("materialized view child_counts depends on table child", ex.Message, StringComparison.Ordinal);
            Assert.Contains("constraint extra_pid_fkey on table extra depends on table parent", ex.Message, StringComparison.Ordinal);
            Assert.Contains("drop or alter those first", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
        }

        Assert.Equal(before, await SnapshotAsync(location));
        Assert.Equal(2, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_class WHERE relname IN ('parent_view', 'child_counts')"));
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'extra_pid_fkey' AND confrelid = 'public.parent'::regclass"));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

        await PostgresServer.ExecuteAsync(url, "DROP VIEW parent_view; DROP MATERIALIZED VIEW child_counts; "
            + "ALTER TABLE extra DROP CONSTRAINT extra_pid_fkey");
        await WriteAsync(location, replace: true, parents: 5, children: [5, 4]);
        Assert.Equal((5, 2), await CountsAsync(url));
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM extra"));
    }

    /// <summary>A view on a replaced table created while the run loads is refused inside the swap: nothing is dropped or moved.</summary>
    [PostgresFact]
    public async Task A_view_created_during_the_run_is_refused_inside_the_swap_and_kept()
    {
        var url = await server.CreateDatabaseAsync("latedep");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1, 2, 3]);
        var before = await SnapshotAsync(location);
        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            await writer.CreateSchemaAsync([Parent, Child], s_ct);
            await writer.WriteRowsAsync(Parent, Rows(5), s_ct);
            await writer.WriteRowsAsync(Child, [[1L, 5L]], s_ct);
            await PostgresServer.ExecuteAsync(url, "CREATE VIEW public.late AS SELECT id FROM public.child");
            var ex = await Assert.ThrowsAsync<OutputException>(() => writer.CompleteAsync(s_ct));
            Assert.True(ex.Message.Contains("view late depends on table public.child", StringComparison.Ordinal), ex.Message);
        }

        Assert.Equal(before, await SnapshotAsync(location));
        Assert.Equal(1, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM pg_views WHERE viewname = 'late'"));
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
    }

    [Fact]
    public void The_swap_drops_the_replaced_tables_in_one_statement_without_cascade()
    {
        var swap = PostgresStaging.SwapSql("s", "public", ["a", "b", "c"], new HashSet<string> { "a", "b" }, []);
        Assert.Equal("DROP TABLE \"public\".\"a\", \"public\".\"b\"", swap[0]);
        Assert.All(swap.SkipLast(1), statement => Assert.DoesNotContain("CASCADE", statement, StringComparison.Ordinal));
    }

    /// <summary>How many databases of the name the server holds, asked in the maintenance database of the same server.</summary>
    private static Task<long> DatabasesNamedAsync(string url, string name) => PostgresServer.ScalarAsync<long>(
        url.Replace("/" + name, "/postgres", StringComparison.Ordinal), $"SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'");

    [PostgresFact]
    public async Task A_killed_runs_staging_schema_is_reported_by_verify_and_removed_by_the_next_run()
    {
        var url = await server.CreateDatabaseAsync("killed");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1]);
        var stale = PostgresStaging.NewName("public");
        await PostgresServer.ExecuteAsync(url, $"CREATE SCHEMA \"{stale}\"; CREATE TABLE \"{stale}\".parent (id int)");
        var profile = new DatabaseProfile
        {
            Source = new ProfileSource("sqlite"),
            Settings = new ProfileSettings(),
            Tables = [Parent with { RowCount = 3 }, Child with { RowCount = 1 }],
        };

        var error = await Assert.ThrowsAsync<DuckfaceException>(() => VerifyRun.RunAsync(profile, location, new VerifyOptions()));
        Assert.StartsWith("Incomplete run", error.Message, StringComparison.Ordinal);
        Assert.Contains(stale, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.VerificationFailed, error.ExitCode);

        // the next run drops it when it opens, and an abandoned writer drops its own
        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            Assert.DoesNotContain(stale, await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

            // a second run into the same target while this one holds it is refused, and drops nothing
            var second = await Assert.ThrowsAsync<OutputException>(() => PostgresWriter.OpenAsync(location, options, s_ct));
            Assert.Contains("Another generate", second.Message, StringComparison.Ordinal);
            Assert.Single(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
        }

        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
        Assert.Equal((3, 1), await CountsAsync(url));
    }

    [Fact]
    public void Staging_names_fit_in_63_bytes_and_are_told_apart_by_their_prefix()
    {
        Assert.Equal("public__duckface_staging_", PostgresStaging.Prefix("public"));
        var longName = new string('s', 60);
        var name = PostgresStaging.NewName(longName);
        Assert.True(name.Length <= 63, name);
        Assert.StartsWith(PostgresStaging.Prefix(longName), name, StringComparison.Ordinal);
        Assert.NotEqual(PostgresStaging.Prefix(longName), PostgresStaging.Prefix(longName + "x"));
        Assert.True(PostgresStaging.NewName("ünïcode").All(char.IsAscii));
    }

    /// <summary>
    /// A run whose server session dies inside the swap transaction (<c>pg_terminate_backend</c>, what the server sees when
    /// the client is killed): held there by a lock another session takes, on the old target table (the first statement
    /// waits) or on the staging child table (the replaced tables are dropped and the parent moved when it waits). Either
    /// way the server aborts the transaction: the target is exactly as it was, the staging schema is left for
    /// <c>duckface clean</c>, and the rerun completes.
    /// </summary>
    [PostgresTheory]
    [InlineData("public", "before the first statement")]
    [InlineData("staging", "after the replaced tables are dropped and the parent is moved")]
    public async Task A_session_killed_inside_the_swap_leaves_the_target_exactly_as_it_was(string lockedSchema, string when)
    {
        Assert.NotEmpty(when);
        var url = await server.CreateDatabaseAsync("swapkill");
        var location = PostgresServer.Parse(url);
        await WriteAsync(location, replace: false, parents: 3, children: [1, 2, 3]);
        var before = await SnapshotAsync(location);

        var options = new WriterOptions(true, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        var writer = await PostgresWriter.OpenAsync(location, options, s_ct);
        await using (writer)
        {
            await writer.CreateSchemaAsync([Parent, Child], s_ct);
            await writer.WriteRowsAsync(Parent, Rows(5), s_ct);
            await writer.WriteRowsAsync(Child, [[1L, 5L], [2L, 4L]], s_ct);
            var staging = Assert.Single(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

            await using var holder = new Npgsql.NpgsqlConnection(location.ConnectionString);
            await holder.OpenAsync(s_ct);
            await using var hold = await holder.BeginTransactionAsync(s_ct);
            var schema = lockedSchema == "public" ? "public" : staging;
            await using (var lockCommand = new Npgsql.NpgsqlCommand($"LOCK TABLE \"{schema}\".child IN ACCESS EXCLUSIVE MODE", holder))
                await lockCommand.ExecuteNonQueryAsync(s_ct);

            var swap = writer.CompleteAsync(s_ct);
            var killed = await KillTheSessionWaitingForALockAsync(url);
            Assert.True(killed, "the swap never waited for the lock");
            await Assert.ThrowsAnyAsync<Exception>(() => swap);
            await hold.RollbackAsync(s_ct);
        }

        Assert.Equal(before, await SnapshotAsync(location));
        var cleaned = await CleanRun.RunAsync(location, dryRun: false, s_ct);
        Assert.Empty(cleaned.Cleanup.InUse);
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
        await WriteAsync(location, replace: true, parents: 5, children: [5, 4]);
        Assert.Equal((5, 2), await CountsAsync(url));
    }

    /// <summary>Terminates the backend of this database that waits for a lock, once it waits (polled; false after a minute).</summary>
    private static async Task<bool> KillTheSessionWaitingForALockAsync(string url)
    {
        for (var i = 0; i < 1200; i++)
        {
            var killed = await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
            if (killed > 0)
                return true;
            await Task.Delay(50, s_ct);
        }

        return false;
    }

    private static TableProfile Parent { get; } = new()
    {
        Name = "parent",
        Columns =
        [
            new ColumnProfile { Name = "id", SqlType = "INTEGER", Category = ColumnCategory.Integer, AutoIncrement = true },
            new ColumnProfile { Name = "kind", SqlType = "TEXT", Category = ColumnCategory.Enum, EnumValues = ["a", "b"], Nullable = true },
        ],
        PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
    };

    private static TableProfile Child { get; } = new()
    {
        Name = "child",
        Columns =
        [
            new ColumnProfile { Name = "id", SqlType = "INTEGER", Category = ColumnCategory.Integer },
            new ColumnProfile { Name = "parent_id", SqlType = "INTEGER", Category = ColumnCategory.Integer },
        ],
        PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
        ForeignKeys = [new ForeignKeyProfile { Name = "fk_parent", Columns = ["parent_id"], ReferencedTable = "parent",
            ReferencedColumns = ["id"] }],
    };

    private static List<object?[]> Rows(int parents) => [.. Enumerable.Range(1,
        parents).Select(i => new object?[] { (long)i, i % 2 == 0 ? "a" : "b" })];

    private static async Task WriteAsync(DatabaseLocation location, bool replace, int parents, long[] children)
    {
        var options = new WriterOptions(replace, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using var writer = await PostgresWriter.OpenAsync(location, options, s_ct);
        await writer.CreateSchemaAsync([Parent, Child], s_ct);
        await writer.WriteRowsAsync(Parent, Rows(parents), s_ct);
        await writer.WriteRowsAsync(Child, [.. children.Select((p, i) => new object?[] { (long)(i + 1), p })], s_ct);
        await writer.CompleteAsync(s_ct);
    }

    private static async Task<(long, long)> CountsAsync(string url) =>
        (await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM public.parent"),
            await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM public.child"));

    /// <summary>Every table of the target schema with its row count and an md5 of its rows, one line each.</summary>
    private static async Task<string> SnapshotAsync(DatabaseLocation location)
    {
        var lines = new List<string>();
        foreach (var table in await PostgresEngine.Instance.ListTablesAsync(location, s_ct))
        {
            var sql = $"SELECT COUNT(*) || ' ' || COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM public.\"{table}\" t";
            lines.Add(table + " " + await ScalarAsync(location, sql));
        }

        return string.Join("\n", lines);
    }

    private static async Task<string> ScalarAsync(DatabaseLocation location, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(location.ConnectionString);
        await connection.OpenAsync(s_ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(s_ct))!;
    }

    /// <summary>Cancels the run (synchronously, on the reporting thread) at the first message starting with a text.</summary>
    private sealed class CancelOn(string start, CancellationTokenSource cts) : IProgress<string>
    {
        public bool Cancelled { get; private set; }

        public void Report(string value)
        {
            if (!Cancelled && value.StartsWith(start, StringComparison.Ordinal))
            {
                Cancelled = true;
                cts.Cancel();
            }
        }
    }
}
