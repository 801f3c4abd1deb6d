using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 10's goal: the real Nova cell schema at head (<c>tests/data/nova/nova.sql</c>, what <c>nova-manage db sync</c>
/// makes, with its one <c>alembic_version</c> row) loaded into a throwaway MariaDB, then filled <c>--into-existing</c> from
/// the suite's synthetic fixture (a SQLite Nova whose columns differ from real Nova's) and from the shipped
/// <c>profiles/nova-example.json</c> (profiled from that real schema: nothing differs).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class NovaIntoExistingTests(MariaDbServer server)
{
    /// <summary>The alembic revision <c>nova-manage db sync</c> leaves in the cell database at head.</summary>
    private static string Head => File.ReadAllText(RepositoryFiles.Path("tests/data/nova/nova.alembic_version")).Trim();

    /// <summary>A new database holding Nova's cell schema at head and its one alembic_version row, as the migrations leave it.</summary>
    private async Task<string> RealNovaAsync(string name)
    {
        var url = await server.CreateDatabaseAsync(name);
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("tests/data/nova/nova.sql"), "nova");
        await MariaDbServer.ExecuteAsync(url, [$"INSERT INTO alembic_version (version_num) VALUES ('{Head}')"]);
        return url;
    }

    private static Task<GenerateOutcome> FillAsync(DatabaseProfile profile, string url,
        double scale) => GenerateRun.RunAsync(new GenerateRequest
    {
        Profile = profile,
        Scale = new ScaleOptions { Scale = scale, Seed = 1 },
        Target = url,
        IntoExisting = true,
    });

    [MySqlFact]
    public async Task Issue10_the_real_nova_schema_is_filled_from_the_example_profile_with_integrity()
    {
        var url = await RealNovaAsync("nova");
        var profile = await ProfileSerializer.ReadAsync(SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic));
        var outcome = await FillAsync(profile, url, 2);

        // what the comparison reports: the 29 profiled tables fill, the other 81 of Nova's 110 stay untouched, and the
        // synthetic profile's differences from real Nova are named (a column real Nova lacks, two ENUMs it keeps no values for)
        var comparison = outcome.Comparison!;
        Assert.False(comparison.Refused);
        Assert.Equal((29, 81), (comparison.Tables.Count, comparison.Untouched.Count));
        Assert.Equal(
        [
            "instances.compute_id ColumnMissingInTarget", "instances.locked_by EnumMembers",
            "shadow_instances.compute_id ColumnMissingInTarget", "shadow_migrations.migration_type EnumMembers",
        ], comparison.Differences.Where(d => d.Severity == DifferenceSeverity.Warning).Select(d => $"{d.Table}.{d.Column} {d.Kind}"));

        var location = MariaDbServer.Parse(url);
        await using var connection = new MySqlConnection(location.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in outcome.Plan.Tables)
            Assert.Equal(table.TargetRows, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM `{table.Name}`"));
        Assert.Equal([Head], await connection.QueryAsync<string>("SELECT version_num FROM alembic_version"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM agent_builds"));
        // the generated values fit the real columns: locked_by only ever holds a member of its ENUM
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM instances WHERE locked_by IS NOT NULL AND locked_by NOT IN ('owner', 'admin')"));
        // Nova's next INSERT gets a fresh id: AUTO_INCREMENT is past the generated ones
        var (next, largest) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT t.AUTO_INCREMENT, (SELECT MAX(id) FROM instances) FROM information_schema.TABLES t "
            + "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = 'instances'");
        Assert.True(next > largest, $"AUTO_INCREMENT {next} is not past the largest id {largest}");

        await using var source = await SourceDatabase.OpenReadOnlyAsync(location, CancellationToken.None);
        var tables = await source.ReadSchemaAsync(CancellationToken.None);
        Assert.Equal(110, tables.Count);
        Assert.Empty(await OrphanCheck.FindAsync(source.Connection, source.Transaction, source.Quote, tables, CancellationToken.None));
    }

    [MySqlFact]
    public async Task Issue10_the_shipped_nova_example_fills_every_table_of_the_real_schema_and_its_ddl_keeps_the_head_revision()
    {
        var url = await RealNovaAsync("nova_example");
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/nova-example.json"));
        var outcome = await FillAsync(profile, url, 1);

        // profiled from the same schema: no difference at all, every table but the bookkeeping alembic_version filled
        var comparison = outcome.Comparison!;
        Assert.Empty(comparison.Differences.Where(d => d.Severity != DifferenceSeverity.Info).Select(d => $"{d.Table}.{d.Column} {d.Kind}"));
        Assert.Equal(109, comparison.Tables.Count);
        Assert.Equal(["alembic_version"], comparison.Untouched);
        var location = MariaDbServer.Parse(url);
        await using (var connection = new MySqlConnection(location.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(2000, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM instances"));
            Assert.Equal([Head], await connection.QueryAsync<string>("SELECT version_num FROM alembic_version"));
        }

        await using (var source = await SourceDatabase.OpenReadOnlyAsync(location, CancellationToken.None))
        {
            var tables = await source.ReadSchemaAsync(CancellationToken.None);
            Assert.Equal(110, tables.Count);
            Assert.Empty(await OrphanCheck.FindAsync(source.Connection, source.Transaction, source.Quote, tables, CancellationToken.None));
        }

        // the tool's own DDL, no migrations: alembic_version is public in the profile, so it holds exactly Nova's head
        // (what `nova-manage db sync` then finds; examples/nova/run.sh runs that with the real client)
        var fresh = await server.CreateDatabaseAsync("nova_example_ddl");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 3, Seed = 1 },
            Target = fresh });
        await using var made = new MySqlConnection(MariaDbServer.Parse(fresh).ConnectionString);
        await made.OpenAsync();
        Assert.Equal([Head], await made.QueryAsync<string>("SELECT version_num FROM alembic_version"));
        Assert.Equal(6000, await made.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM instances"));
    }
}
