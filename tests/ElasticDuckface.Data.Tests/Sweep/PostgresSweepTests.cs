using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Data.Tests.Sweep;

/// <summary><c>duckface sweep</c> against a throwaway PostgreSQL: rows read tell an index build from a constant statement.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSweepTests(PostgresServer server)
{
    private string AnyUrl => server.NewDatabaseUrl("unused");

    private Task<IReadOnlyList<string>> LeftoversAsync() => SweepCases.SweepDatabasesAsync(PostgresServer.Parse(AnyUrl));

    [PostgresFact]
    public async Task An_index_build_reads_every_row_and_a_constant_statement_does_not()
    {
        using var work = TestFiles.CreateTempDirectory();
        var index = await SweepRun.RunAsync(await SweepCases.RequestAsync(AnyUrl, "psql -c 'CREATE INDEX ix_name ON items(name)'", work)
            with { Predict = 100, Thresholds = new SweepThresholds { MaxGrowth = GrowthModel.Constant } });
        var constant = await SweepRun.RunAsync(await SweepCases.RequestAsync(AnyUrl, "psql -c 'SELECT 1'", work)
            with { Thresholds = new SweepThresholds { MaxGrowth = GrowthModel.Constant } });

        var rows = index.Report.Growth.Single(g => g.Name == SweepMeasures.RowsRead);
        Assert.Equal(GrowthModel.Linear, rows.Fit.Best.Model);
        // about one row read per row of the table; psql's own catalog lookups (185 to 953 rows, varying between sessions) blur it
        Assert.True(rows.Fit.Best.Slope is > 0.7 and < 1.3, $"rows read per row {rows.Fit.Best.Slope}");
        Assert.Equal(GrowthModel.Constant, constant.Report.Growth.Single(g => g.Name == SweepMeasures.RowsRead).Fit.Best.Model);
        // judged on rows read only: wall time on a loaded machine may look like anything, and is not asserted on
        Assert.Single(index.Report.Violations, v => v.Measure == SweepMeasures.RowsRead);
        Assert.DoesNotContain(constant.Report.Violations, v => v.Measure == SweepMeasures.RowsRead);
        Assert.Empty(await LeftoversAsync());
    }

    [PostgresFact]
    public async Task The_command_gets_the_libpq_variables_and_a_password_file_and_a_failing_run_leaves_nothing()
    {
        const string password = "pg:s3cret\\x";
        await server.CreateUserAsync("sweeper", password);
        using var work = TestFiles.CreateTempDirectory();
        var url = PostgresServer.WithCredentials(AnyUrl, "sweeper", password);
        var run = "psql -Atc 'SELECT current_user || $$ in $$ || current_database()' > \"$DUCKFACE_DIR/who.txt\" "
            + "&& env > \"$DUCKFACE_DIR/env.txt\" && [ \"$DUCKFACE_SCALE\" = 0.5 ] || { echo 'broke'; exit 4; }";
        var error = await Assert.ThrowsAsync<SweepCommandFailedException>(async () =>
            await SweepRun.RunAsync(await SweepCases.RequestAsync(url, run, work, [0.5, 1])));

        Assert.Contains("--run failed at ×1 (2/2) with exit code 4 (last output: broke)", error.Message, StringComparison.Ordinal);
        var folder = Directory.GetDirectories(work.Path).Order(StringComparer.Ordinal).First();
        var database = Path.GetFileName(folder);
        Assert.Equal($"sweeper in {database}\n", await File.ReadAllTextAsync(Path.Combine(folder, "who.txt")));
        var env = await File.ReadAllTextAsync(Path.Combine(folder, "env.txt"));
        Assert.Contains($"PGDATABASE={database}\n", env, StringComparison.Ordinal);
        Assert.Contains($"PGPASSFILE={Path.Combine(folder, PostgresScratchServer.PasswordFile)}\n", env, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", env, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, PostgresScratchServer.PasswordFile)));
        Assert.Empty(await LeftoversAsync());
    }

    [PostgresFact]
    public async Task Cancelling_mid_run_drops_the_database_and_a_similar_name_is_untouched()
    {
        var admin = Connections.ServerUrl.WithDatabase(AnyUrl, "postgres");
        var similar = Connections.ServerUrl.WithDatabase(AnyUrl, "duckface_sweep_other");
        await PostgresServer.ExecuteAsync(admin, "CREATE DATABASE duckface_sweep_other");
        try
        {
            await PostgresServer.ExecuteAsync(similar, "CREATE TABLE mine (id int PRIMARY KEY); INSERT INTO mine VALUES (42)");
            using var work = TestFiles.CreateTempDirectory();
            var error = await SweepCases.CancelDuringRunAsync(await SweepCases.RequestAsync(AnyUrl, "sleep 60", work));

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            Assert.Equal(["duckface_sweep_other"], await LeftoversAsync());
            Assert.Equal(42, await PostgresServer.ScalarAsync<int>(similar, "SELECT id FROM mine"));
            var location = PostgresServer.Parse(similar);
            await Assert.ThrowsAsync<DatabaseOperationException>(
                () => location.Engine.Scratch!.CreateNewAsync(location, CancellationToken.None));
        }
        finally
        {
            await PostgresServer.ExecuteAsync(admin, "DROP DATABASE IF EXISTS duckface_sweep_other WITH (FORCE)");
        }
    }
}
