using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;
using Npgsql;

namespace ElasticDuckface.Data.Tests;

/// <summary>Profile, generate and verify against a real (throwaway) PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEndToEndTests(PostgresServer server)
{
    private static readonly Dictionary<string, long> s_chinookRows = new(StringComparer.Ordinal)
    {
        ["album"] = 347, ["artist"] = 275, ["customer"] = 59, ["employee"] = 8, ["genre"] = 25, ["invoice"] = 412,
        ["invoice_line"] = 2240, ["media_type"] = 5, ["playlist"] = 18, ["playlist_track"] = 8715, ["track"] = 3503,
    };

    [PostgresFact]
    public async Task Chinook_profiled_from_postgres_has_the_row_counts_keys_and_the_fan_outs_of_the_sqlite_copy()
    {
        var location = PostgresServer.Parse(await server.LoadChinookAsync());
        var pg = await Profiler.ProfileAsync(location, new ProfileSettings());
        using var dir = TestFiles.CreateTempDirectory();
        var sqlite = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());

        Assert.Equal("postgres", pg.Source.Dialect);
        Assert.Equal(s_chinookRows, pg.Tables.ToDictionary(t => t.Name, t => t.RowCount));
        Assert.Equal(11, pg.Tables.Sum(t => t.ForeignKeys.Count));
        Assert.Equal(["playlist_id", "track_id"], pg.Tables.Single(t => t.Name == "playlist_track").PrimaryKey!.Columns);
        var total = pg.Tables.Single(t => t.Name == "invoice").Columns.Single(c => c.Name == "total");
        Assert.Equal((Schema.ColumnCategory.Decimal, 10, 2), (total.Category, total.Precision, total.Scale));
        Assert.Equal("timestamp without time zone", pg.Tables.Single(t => t.Name == "invoice").Columns.Single(c => c.Name == "invoice_date").SqlType);

        foreach (var table in pg.Tables)
        {
            var lite = sqlite.Tables.Single(t => Normal(t.Name) == Normal(table.Name));
            Assert.Equal(lite.RowCount, table.RowCount);
            foreach (var fk in table.ForeignKeys)
            {
                var match = lite.ForeignKeys.Single(f => Normal(string.Join(",", f.Columns)) == Normal(string.Join(",", fk.Columns)));
                Assert.Equal(match.Stats!.Histogram, fk.Stats!.Histogram);
                Assert.Equal(match.Stats.ByParentState?.Set.Histogram ?? [], fk.Stats.ByParentState?.Set.Histogram ?? []);
                Assert.Equal(match.Stats.ByParentState?.Unset.Histogram ?? [], fk.Stats.ByParentState?.Unset.Histogram ?? []);
                Assert.Equal((match.Stats.ParentRows, match.Stats.ChildRows, match.Stats.Max),
                    (fk.Stats.ParentRows, fk.Stats.ChildRows, fk.Stats.Max));
                Assert.Equal("NO ACTION", fk.OnDelete);
            }
        }
    }

    [PostgresFact]
    public async Task Profiling_writes_nothing_and_the_source_transaction_refuses_writes()
    {
        var url = await server.LoadChinookAsync();
        var location = PostgresServer.Parse(url);
        var before = await ChecksumsAsync(url);
        await Profiler.ProfileAsync(location, new ProfileSettings { SampleRows = 1000 });
        Assert.Equal(before, await ChecksumsAsync(url));

        await using var source = await SourceDatabase.OpenReadOnlyAsync(location, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => source.ScalarAsync("INSERT INTO genre VALUES (999, 'x') RETURNING 1",
            CancellationToken.None));
        Assert.Equal("25006", ex.SqlState);
        Assert.Equal(before, await ChecksumsAsync(url));
    }

    [PostgresFact]
    public async Task Chinook_from_postgres_generated_twice_as_large_has_exact_counts_keys_and_passes_verify()
    {
        var profile = await Profiler.ProfileAsync(PostgresServer.Parse(await server.LoadChinookAsync()), new ProfileSettings());
        var url = server.NewDatabaseUrl("gen");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2, Seed = 5 },
            Target = url });

        var target = PostgresServer.Parse(url);
        foreach (var t in profile.Tables)
            Assert.Equal(outcome.Plan[t.Name].TargetRows, await PostgresServer.ScalarAsync<long>(url,
                $"SELECT COUNT(*) FROM \"{t.Name}\""));
        Assert.Equal(694, outcome.Plan["album"].TargetRows);
        Assert.Equal(11, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f'"));
        Assert.Equal(11, await PostgresServer.ScalarAsync<long>(url, "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'p'"));
        Assert.Equal(11, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%\\_idx'"));

        var again = await Profiler.ProfileAsync(target, new ProfileSettings());
        foreach (var t in profile.Tables)
        {
            foreach (var fk in t.ForeignKeys.Where(f => f.Stats!.ParentRows >= 50))
            {
                var ks = FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram,
                    again.Tables.Single(x => x.Name == t.Name).ForeignKeys.Single(f => f.Name == fk.Name).Stats!.Histogram);
                Assert.True(ks <= 0.05, $"{t.Name}.{fk.Name}: KS {ks:F4}");
            }
        }

        var verify = await VerifyRun.RunAsync(profile, target, new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verify.Report.HardChecksFailed == 0, string.Join("; ",
            verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
        Assert.True(verify.Report.HardChecksPassed > 0);
    }

    [PostgresFact]
    public async Task The_sqlite_chinook_profile_loads_into_postgres_with_exact_counts_and_no_orphans()
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var url = server.NewDatabaseUrl("lite");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1.5 },
            Target = url });
        await AssertCountsAndKeysAsync(url, profile, outcome.Plan);
        var verify = await VerifyRun.RunAsync(profile, PostgresServer.Parse(url), new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verify.Report.HardChecksFailed == 0, string.Join("; ",
            verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
    }

    [PostgresFact]
    public async Task The_nova_example_from_mysql_loads_into_postgres_with_exact_counts_and_no_orphans()
    {
        var profile = await ProfileSerializer.ReadAsync(SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic));
        var url = server.NewDatabaseUrl("nova");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2 },
            Target = url });
        await AssertCountsAndKeysAsync(url, profile, outcome.Plan);
        Assert.Equal(0, await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM instances WHERE (deleted_at IS NULL) <> (deleted = 0) OR (deleted <> 0 AND deleted <> id)"));
    }

    [PostgresFact]
    public async Task A_postgres_profile_generates_into_sqlite()
    {
        var profile = await Profiler.ProfileAsync(PostgresServer.Parse(await server.LoadChinookAsync()), new ProfileSettings());
        using var dir = TestFiles.CreateTempDirectory();
        var path = dir.File("from-pg.db");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1 },
            Target = path });
        var verify = await VerifyRun.RunAsync(profile, DatabaseLocation.Parse(path), new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verify.Report.HardChecksFailed == 0, string.Join("; ",
            verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
        Assert.Equal(3503, outcome.Plan["track"].TargetRows);
    }

    [PostgresFact]
    public async Task Postgres_types_round_trip_with_arrays_and_intervals_in_their_own_types()
    {
        var url = await server.CreateDatabaseAsync("types");
        await PostgresServer.ExecuteAsync(url, """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE thing (
              id serial PRIMARY KEY,
              ref uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
              feeling mood NOT NULL DEFAULT 'ok',
              seen timestamptz, at_time time, flag boolean NOT NULL DEFAULT false, doc jsonb, raw bytea,
              price numeric(8,2), ratio double precision, tags text[], span interval, name character varying(20) DEFAULT 'x'::character varying);
            INSERT INTO thing (seen, at_time, doc, raw, price, ratio, tags, span, feeling)
            SELECT now() - i * interval '1 hour', '12:00', jsonb_build_object('i', i), '\x0102', i * 1.5, i / 3.0, ARRAY['a', 'b'],
                   i * interval '1 minute', (ARRAY['sad','ok','happy']::mood[])[1 + i % 3]
            FROM generate_series(1, 60) i;
            """);
        var profile = await Profiler.ProfileAsync(PostgresServer.Parse(url), new ProfileSettings());
        var columns = profile.Tables.Single().Columns.ToDictionary(c => c.Name);
        Assert.True(columns["id"].AutoIncrement);
        Assert.Equal(Schema.ColumnCategory.Enum, columns["feeling"].Category);
        Assert.Equal(["sad", "ok", "happy"], columns["feeling"].EnumValues!);
        Assert.Equal(Schema.ColumnCategory.DateTime, columns["seen"].Category);
        Assert.Equal(Schema.ColumnCategory.Time, columns["span"].Category);
        Assert.Equal(Schema.ColumnCategory.Json, columns["tags"].Category);
        Assert.Equal("'x'", columns["name"].Default);

        var targetUrl = server.NewDatabaseUrl("types_gen");
        var target = PostgresServer.Parse(targetUrl);
        await using (var writer = await PostgresWriter.OpenAsync(target, WriterOptions.For(profile, replace: false)))
        {
            await DatabaseGenerator.RunAsync(profile, GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2 }), writer);
        }

        Assert.Equal(120, await PostgresServer.ScalarAsync<long>(targetUrl, "SELECT COUNT(DISTINCT ref) FROM thing"));
        Assert.Equal("mood", await PostgresServer.ScalarAsync<string>(targetUrl,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'thing'::regclass AND attname = 'feeling'"));
        Assert.Equal("text[]|interval", await PostgresServer.ScalarAsync<string>(targetUrl,
            "SELECT string_agg(format_type(atttypid, atttypmod), '|' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'thing'::regclass "
            + "AND attname IN ('tags', 'span')"));
        // the identity sequence was moved past the generated keys: the application can insert
        Assert.Equal(121, await PostgresServer.ScalarAsync<long>(targetUrl, "INSERT INTO thing (flag) VALUES (true) RETURNING id"));
    }

    [PostgresFact]
    public async Task A_wrong_password_or_a_missing_database_is_one_line_naming_the_fix_and_never_the_password()
    {
        var url = await server.CreateDatabaseAsync("auth");
        await server.CreateUserAsync("dfc_pw", "right-one");
        var good = PostgresServer.WithCredentials(url, "dfc_pw", "right-one");
        await using (await SourceDatabase.OpenReadOnlyAsync(PostgresServer.Parse(good), CancellationToken.None))
        {
        }

        var wrong = await Assert.ThrowsAsync<DatabaseOperationException>(() =>
            SourceDatabase.OpenReadOnlyAsync(PostgresServer.Parse(PostgresServer.WithCredentials(url, "dfc_pw", "not-it")),
                CancellationToken.None));
        Assert.Contains("wrong user or password", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-it", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', wrong.Message);

        var missing = await Assert.ThrowsAsync<DatabaseOperationException>(() =>
            Profiler.ProfileAsync(PostgresServer.Parse(server.NewDatabaseUrl("nothere")), new ProfileSettings()));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var unreachable = await Assert.ThrowsAsync<DatabaseOperationException>(() => SourceDatabase.OpenReadOnlyAsync(
            DatabaseLocation.Parse($"postgres://u@127.0.0.1:{MariaDbServer.FreePort()}/db?connect-timeout=2",
                new Dictionary<string, string?>()),
            CancellationToken.None));
        Assert.Contains("Cannot reach the PostgreSQL server", unreachable.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Server_operations_create_list_report_and_drop()
    {
        var url = server.NewDatabaseUrl("ops");
        var location = PostgresServer.Parse(url);
        var engine = location.Engine;
        Assert.Empty(await engine.ListTablesAsync(location, CancellationToken.None));
        await engine.CreateDatabaseAsync(location, CancellationToken.None);
        await engine.CreateDatabaseAsync(location, CancellationToken.None);
        await PostgresServer.ExecuteAsync(url, "CREATE TABLE b (x int); CREATE TABLE a (y int)");
        Assert.Equal(["a", "b"], await engine.ListTablesAsync(location, CancellationToken.None));
        var status = await engine.ReadStatusAsync(location, CancellationToken.None);
        Assert.True(status["xact_commit"] > 0);
        Assert.Contains("tup_inserted", status.Keys);
        await Assert.ThrowsAsync<OutputException>(async () => await engine.OpenWriterAsync(location,
            new WriterOptions(false, "sqlite", DatabaseEngines.TypesFor("sqlite")), CancellationToken.None));
        await engine.DropDatabaseAsync(location, CancellationToken.None);
        Assert.Empty(await engine.ListTablesAsync(location, CancellationToken.None));
    }

        private static async Task AssertCountsAndKeysAsync(string url, DatabaseProfile profile, GenerationPlan plan)
    {
        foreach (var t in profile.Tables)
        {
            Assert.Equal(plan[t.Name].TargetRows, await PostgresServer.ScalarAsync<long>(url, $"SELECT COUNT(*) FROM \"{t.Name}\""));
            foreach (var fk in t.ForeignKeys)
                Assert.Equal(0, await PostgresServer.ScalarAsync<long>(url,
                    Data.Verification.OrphanCheck.CountSql(PostgresNames.Quote, t, fk)));
        }

        Assert.Equal(profile.Tables.Sum(t => t.ForeignKeys.Count), await PostgresServer.ScalarAsync<long>(url,
            "SELECT COUNT(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f'"));
    }

    private static string Normal(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static async Task<List<(string, string)>> ChecksumsAsync(string url)
    {
        var result = new List<(string, string)>();
        foreach (var table in s_chinookRows.Keys)
            result.Add((table, await PostgresServer.ScalarAsync<string>(url,
                $"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \"{table}\" t")));
        return result;
    }
}
