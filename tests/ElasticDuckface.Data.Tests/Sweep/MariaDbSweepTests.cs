using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Data.Tests.Sweep;

/// <summary><c>duckface sweep</c> against a throwaway MariaDB: the fit, thresholds, failures, Ctrl-C, nothing left behind.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MariaDbSweepTests(MariaDbServer server)
{
    private const string Client = "mariadb --defaults-extra-file=\"$DUCKFACE_DEFAULTS_FILE\" -e ";

    private string ServerUrl => server.UrlOf("ignored");

    private Task<IReadOnlyList<string>> LeftoversAsync() => SweepCases.SweepDatabasesAsync(MariaDbServer.Parse(ServerUrl));

    [MySqlFact]
    public async Task An_index_build_grows_with_the_rows_and_a_constant_statement_does_not()
    {
        using var work = TestFiles.CreateTempDirectory();
        var build = Client + "'CREATE INDEX ix_name ON items(name)'";
        var index = await SweepRun.RunAsync(await SweepCases.RequestAsync(ServerUrl, build, work));
        var constant = await SweepRun.RunAsync(await SweepCases.RequestAsync(ServerUrl, Client + "'SELECT 1'", work));

        Assert.Equal([1000L, 3000, 10000, 30000], index.Report.Points.Select(p => p.Rows));
        // an in-place index build reads InnoDB pages, not handler rows: the redo it writes for the new index is its cost
        var redo = index.Report.Growth.Single(g => g.Name == "Innodb_os_log_written");
        Assert.Equal(GrowthModel.Linear, redo.Fit.Best.Model);
        Assert.True(redo.Fit.Best.RelativeError < 0.1, $"relative error {redo.Fit.Best.RelativeError}");
        Assert.DoesNotContain(constant.Report.Growth, g => g.Name == "Innodb_os_log_written" && g.Fit.Best.Model != GrowthModel.Constant);
        Assert.Equal(GrowthModel.Constant, constant.Report.Growth.Single(g => g.Name == SweepMeasures.RowsRead).Fit.Best.Model);
        Assert.All(constant.Report.Points.SelectMany(p => p.Repeats), r => Assert.Equal(0, r.ExitCode));
        Assert.Empty(await LeftoversAsync());
    }

    [MySqlFact]
    public async Task A_full_scan_reads_rows_in_proportion_and_exceeds_the_thresholds()
    {
        using var work = TestFiles.CreateTempDirectory();
        var request = await SweepCases.RequestAsync(ServerUrl, Client + "\"SELECT COUNT(*) FROM items WHERE name LIKE '%zz%'\"", work,
            [1, 5, 25]);
        var outcome = await SweepRun.RunAsync(request with
        {
            Predict = 100,
            Thresholds = new SweepThresholds { MaxRowsRead = 50_000, MaxGrowth = GrowthModel.Constant },
        });

        var rows = outcome.Report.Growth.Single(g => g.Name == SweepMeasures.RowsRead);
        Assert.Equal(GrowthModel.Linear, rows.Fit.Best.Model);
        Assert.Equal(100_000, rows.Predicted!.Value, 100_000 * 0.02);
        Assert.Equal(100_000, outcome.Report.PredictRows);
        // over the limit at ×100, and growing faster than constant (wall time may or may not: it is not asserted on)
        var violations = outcome.Report.Violations.Where(v => v.Measure == SweepMeasures.RowsRead).Select(v => v.Text).ToList();
        Assert.Equal(2, violations.Count);
        Assert.Contains("over the limit 50000", violations[0], StringComparison.Ordinal);
        Assert.Contains("grows linear, faster than the allowed constant", violations[1], StringComparison.Ordinal);

        var passing = await SweepRun.RunAsync(request with { Thresholds = new SweepThresholds { MaxRowsRead = 1e9 } });
        Assert.Empty(passing.Report.Violations);
    }

    [MySqlFact]
    public async Task The_command_reaches_its_database_through_the_option_file_and_no_variable_holds_the_password()
    {
        const string password = "s3cret#pw @x";
        await server.CreateUserAsync("sweeper", password);
        using var work = TestFiles.CreateTempDirectory();
        var url = MariaDbServer.WithCredentials(ServerUrl, "sweeper", password);
        var run = Client + "'SELECT CONCAT(CURRENT_USER(), \" in \", DATABASE())' > \"$DUCKFACE_DIR/who.txt\"; "
            + "env > \"$DUCKFACE_DIR/env.txt\"";
        var outcome = await SweepRun.RunAsync(await SweepCases.RequestAsync(url, run, work, [0.5]));

        var repeat = outcome.Report.Points.Single().Repeats.Single();
        var folder = Path.GetDirectoryName(repeat.Log)!;
        var who = await File.ReadAllTextAsync(Path.Combine(folder, "who.txt"));
        Assert.Contains($"sweeper@% in {repeat.Database}", who, StringComparison.Ordinal);
        var env = await File.ReadAllTextAsync(Path.Combine(folder, "env.txt"));
        Assert.Contains($"DUCKFACE_DATABASE={repeat.Database}\n", env, StringComparison.Ordinal);
        Assert.Contains("DUCKFACE_SCALE=0.5\n", env, StringComparison.Ordinal);
        Assert.Contains("DUCKFACE_USER=sweeper\n", env, StringComparison.Ordinal);
        Assert.Contains("DUCKFACE_TARGET=mysql://sweeper@127.0.0.1:", env, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", env, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", outcome.Report.Server, StringComparison.Ordinal);
        // the option file lived only while the commands ran
        Assert.False(File.Exists(Path.Combine(folder, MySqlScratchServer.OptionFile)));
    }

    [MySqlFact]
    public async Task A_schema_made_by_the_setup_is_filled_as_it_is_and_its_seeded_rows_kept()
    {
        using var work = TestFiles.CreateTempDirectory();
        var setup = Client + "\"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, price INT NOT NULL, "
            + "legacy INT NULL); CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY); "
            + "INSERT INTO alembic_version VALUES ('rev1')\"";
        var run = Client + "'SELECT COUNT(*), COUNT(legacy) FROM items; SELECT version_num FROM alembic_version' "
            + "> \"$DUCKFACE_DIR/out.txt\"";
        var progress = new SyncProgress(_ => { });
        var request = await SweepCases.RequestAsync(ServerUrl, run, work, [1, 2]) with { Setup = setup, Predict = 10 };
        var outcome = await SweepRun.RunAsync(request, progress);

        Assert.Equal([1000L, 2000], outcome.Report.Points.Select(p => p.Rows));
        Assert.Equal(10_000, outcome.Report.PredictRows);
        var folder = Path.GetDirectoryName(outcome.Report.Points[1].Repeats[0].Log)!;
        var counted = await File.ReadAllTextAsync(Path.Combine(folder, "out.txt"));
        Assert.Equal("COUNT(*)\tCOUNT(legacy)\n2000\t0\nversion_num\nrev1\n", counted);
        Assert.Contains(progress.Lines, l => l.EndsWith("×2 (2/2): generating into the 2 tables --setup made", StringComparison.Ordinal));
        Assert.Empty(await LeftoversAsync());
    }

    [MySqlFact]
    public async Task A_failing_setup_stops_the_sweep_with_its_output_and_exit_code_and_leaves_nothing()
    {
        using var work = TestFiles.CreateTempDirectory();
        var request = await SweepCases.RequestAsync(ServerUrl, "true", work) with { Setup = "echo 'old revision missing' >&2; exit 3" };
        var error = await Assert.ThrowsAsync<SweepCommandFailedException>(() => SweepRun.RunAsync(request));

        Assert.Equal(ExitCodes.SweepCommandFailed, error.ExitCode);
        Assert.Contains("--setup failed at ×1 (1/4) with exit code 3 (last output: old revision missing)", error.Message,
            StringComparison.Ordinal);
        Assert.Empty(await LeftoversAsync());
    }

    [MySqlFact]
    public async Task A_run_failing_at_the_second_scale_stops_there_and_leaves_nothing()
    {
        using var work = TestFiles.CreateTempDirectory();
        var run = "[ \"$DUCKFACE_SCALE\" = 1 ] && exit 0; echo \"migration broke at $DUCKFACE_SCALE\"; exit 5";
        var error = await Assert.ThrowsAsync<SweepCommandFailedException>(async () =>
            await SweepRun.RunAsync(await SweepCases.RequestAsync(ServerUrl, run, work)));

        Assert.Contains("--run failed at ×3 (2/4) with exit code 5 (last output: migration broke at 3)", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("its databases dropped", error.Message, StringComparison.Ordinal);
        Assert.Empty(await LeftoversAsync());
    }

    [MySqlFact]
    public async Task Cancelling_mid_run_kills_the_command_and_drops_the_database()
    {
        using var work = TestFiles.CreateTempDirectory();
        var started = DateTime.UtcNow;
        var error = await SweepCases.CancelDuringRunAsync(await SweepCases.RequestAsync(ServerUrl, "sleep 60", work));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(45), "the command was not killed");
        Assert.Empty(await LeftoversAsync());
    }

    [MySqlFact]
    public async Task Databases_of_similar_names_are_never_touched_and_an_existing_name_is_never_adopted()
    {
        var similar = MariaDbServer.WithDatabase(ServerUrl, "duckface_sweep_someone_else");
        await MariaDbServer.ExecuteAsync(server.UrlOf("mysql"), ["CREATE DATABASE duckface_sweep_someone_else"]);
        try
        {
            await MariaDbServer.ExecuteAsync(similar, ["CREATE TABLE mine (id INT PRIMARY KEY)", "INSERT INTO mine VALUES (42)"]);
            using var work = TestFiles.CreateTempDirectory();
            await SweepRun.RunAsync(await SweepCases.RequestAsync(ServerUrl, "true", work, [0.5, 1]));
            var failing = await SweepCases.RequestAsync(ServerUrl, "exit 1", work, [0.5]);
            await Assert.ThrowsAsync<SweepCommandFailedException>(() => SweepRun.RunAsync(failing));

            Assert.Equal(["duckface_sweep_someone_else"], await LeftoversAsync());
            var location = MariaDbServer.Parse(similar);
            Assert.Equal(["mine"], await location.Engine.ListTablesAsync(location, CancellationToken.None));
            // the sweep creates without IF NOT EXISTS: an existing database is refused, not adopted
            await Assert.ThrowsAsync<DatabaseOperationException>(
                () => location.Engine.Scratch!.CreateNewAsync(location, CancellationToken.None));
            Assert.Equal(["mine"], await location.Engine.ListTablesAsync(location, CancellationToken.None));
        }
        finally
        {
            await MariaDbServer.ExecuteAsync(server.UrlOf("mysql"), ["DROP DATABASE IF EXISTS duckface_sweep_someone_else"]);
        }
    }

    [MySqlFact]
    public async Task Keep_leaves_the_databases_filled()
    {
        using var work = TestFiles.CreateTempDirectory();
        var outcome = await SweepRun.RunAsync(await SweepCases.RequestAsync(ServerUrl, "true", work, [0.5]) with { Keep = true });
        try
        {
            var kept = Assert.Single(outcome.Kept);
            Assert.Equal([kept], await LeftoversAsync());
            var location = MariaDbServer.Parse(MariaDbServer.WithDatabase(ServerUrl, kept));
            Assert.Equal(["items"], await location.Engine.ListTablesAsync(location, CancellationToken.None));
        }
        finally
        {
            foreach (var name in outcome.Kept)
                await MariaDbServer.ExecuteAsync(server.UrlOf("mysql"), [$"DROP DATABASE `{name}`"]);
        }
    }
}
