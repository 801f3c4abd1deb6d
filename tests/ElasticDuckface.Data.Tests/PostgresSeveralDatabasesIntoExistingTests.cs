using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Generation;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// A profile of two MariaDB databases (ADR 0007) filled <c>--into-existing</c> into two PostgreSQL databases whose schemas
/// were made beforehand: both filled with the reference across them kept, or neither.
/// </summary>
[Collection(CrossEngineCollection.Name)]
public sealed class PostgresSeveralDatabasesIntoExistingTests(MariaDbServer mariaDb, PostgresServer postgres)
{
    private async Task<(string Cell, string Api)> CreateTargetsAsync(string apiSchema = SeveralDatabases.PostgresApiSchema)
    {
        var cell = await postgres.CreateDatabaseAsync("cellt");
        var api = await postgres.CreateDatabaseAsync("apit");
        await PostgresServer.ExecuteAsync(cell, SeveralDatabases.PostgresCellSchema);
        await PostgresServer.ExecuteAsync(api, apiSchema);
        return (cell, api);
    }

    private static async Task<long> RowsAsync(string cell, string api) =>
        await PostgresServer.ScalarAsync<long>(cell, "SELECT (SELECT COUNT(*) FROM instances) + (SELECT COUNT(*) FROM pci_devices)")
        + await PostgresServer.ScalarAsync<long>(api, "SELECT (SELECT COUNT(*) FROM cell_mappings) "
            + "+ (SELECT COUNT(*) FROM instance_mappings)");

    [PostgresFact]
    public async Task Both_databases_are_filled_and_every_mapping_names_an_instance_of_the_other_database()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(mariaDb);
        var (cell, api) = await CreateTargetsAsync();

        var outcome = await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 3 }, Targets = [$"{c}={cell}", $"{a}={api}"], IntoExisting = true,
        });

        Assert.Equal(62 * 3, outcome.Result.TotalRows);
        Assert.Equal(62 * 3, await RowsAsync(cell, api));
        // two PostgreSQL databases share no query: the mappings' uuids are compared here
        var uuids = await PostgresServer.ScalarAsync<string>(cell, "SELECT string_agg(uuid, ',' ORDER BY uuid) FROM instances");
        var mapped = await PostgresServer.ScalarAsync<string>(api,
            "SELECT string_agg(instance_uuid, ',' ORDER BY instance_uuid) FROM instance_mappings");
        Assert.Equal(60, mapped.Split(',').Length);
        Assert.Subset(uuids.Split(',').ToHashSet(StringComparer.Ordinal), mapped.Split(',').ToHashSet(StringComparer.Ordinal));
        // the serial sequences are past the generated keys in both
        Assert.Equal(61, await PostgresServer.ScalarAsync<long>(cell, "SELECT nextval('instances_id_seq')"));
        Assert.Equal(61, await PostgresServer.ScalarAsync<long>(api, "SELECT nextval('instance_mappings_id_seq')"));
    }

    [PostgresFact]
    public async Task A_mismatch_in_one_database_refuses_the_run_and_neither_database_is_written()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(mariaDb);
        var (cell, api) = await CreateTargetsAsync(SeveralDatabases.PostgresApiSchema.Replace("cell_id int",
            "project_id varchar(255) NOT NULL, cell_id int", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [$"{c}={cell}", $"{a}={api}"], IntoExisting = true,
        }));

        Assert.Equal([$"{a}.instance_mappings.project_id"], refused.Comparison.Fatal.Select(d => $"{d.Table}.{d.Column}"));
        Assert.Equal(0, await RowsAsync(cell, api));
    }

    [PostgresFact]
    public async Task A_second_commit_that_fails_leaves_the_first_database_emptied_again()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(mariaDb);
        var (cell, api) = await CreateTargetsAsync();
        var apiName = PostgresServer.Parse(api).DatabaseName!;
        var terminated = 0L;

        var failed = await Assert.ThrowsAsync<DatabaseOperationException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [$"{c}={cell}", $"{a}={api}"], IntoExisting = true,
            BeforeCommit = async (database, _) =>
            {
                if (database == a)
                {
                    terminated = await PostgresServer.ScalarAsync<long>(cell, "SELECT COUNT(pg_terminate_backend(pid)) "
                        + $"FROM pg_stat_activity WHERE datname = '{apiName}' AND pid <> pg_backend_pid()");
                }
            },
        }));

        Assert.True(terminated > 0);
        Assert.Contains("had committed. Their tables were emptied again", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(cell, api));
    }
}
