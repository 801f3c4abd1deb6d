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
/// the shipped example profile, which was made from a synthetic SQLite Nova whose columns differ from real Nova's.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class NovaIntoExistingTests(MariaDbServer server)
{
    [MySqlFact]
    public async Task Issue10_the_real_nova_schema_is_filled_from_the_example_profile_with_integrity()
    {
        var url = await server.CreateDatabaseAsync("nova");
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("tests/data/nova/nova.sql"), "nova");
        var head = (await File.ReadAllTextAsync(RepositoryFiles.Path("tests/data/nova/nova.alembic_version"))).Trim();
        await MariaDbServer.ExecuteAsync(url, [$"INSERT INTO alembic_version (version_num) VALUES ('{head}')"]);
        var profile = await ProfileSerializer.ReadAsync(SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic));

        var outcome = await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile,
            Scale = new ScaleOptions { Scale = 2, Seed = 1 },
            Target = url,
            IntoExisting = true,
        });

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
        Assert.Equal([head], await connection.QueryAsync<string>("SELECT version_num FROM alembic_version"));
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
}
