using Dapper;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 10 and ADR 0007: <c>generate --into-existing</c> with a profile of two databases fills two schemas made
/// beforehand (as Nova's <c>api_db sync</c> and <c>db sync</c> make <c>nova_api</c> and <c>nova</c>), every one complete or
/// untouched.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlSeveralDatabasesIntoExistingTests(MariaDbServer server)
{
    private static readonly string[] s_tables = ["instances", "pci_devices", "cell_mappings", "instance_mappings"];

    private async Task<(string Cell, string Api)> CreateTargetsAsync(IEnumerable<string>? apiSchema = null)
    {
        var cell = await server.CreateDatabaseAsync("cellt");
        var api = await server.CreateDatabaseAsync("apit");
        await MariaDbServer.ExecuteAsync(cell, SeveralDatabases.CellSchema);
        await MariaDbServer.ExecuteAsync(api, apiSchema ?? SeveralDatabases.ApiSchema);
        return (cell, api);
    }

    private static async Task<long> ScalarAsync(string url, string sql)
    {
        await using var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>The rows of the four tables in both targets, reached from one connection as db.table.</summary>
    private static async Task<long> RowsAsync(string cell, string api)
    {
        var (c, a) = (MariaDbServer.Parse(cell).DatabaseName!, MariaDbServer.Parse(api).DatabaseName!);
        var counts = string.Join(" + ", s_tables.Select((t, i) => $"(SELECT COUNT(*) FROM `{(i < 2 ? c : a)}`.`{t}`)"));
        return await ScalarAsync(cell, "SELECT " + counts);
    }

    [MySqlFact]
    public async Task Both_databases_are_filled_into_their_existing_schemas_with_the_reference_across_them_kept()
    {
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(server);
        var (cell, api) = await CreateTargetsAsync();

        var outcome = await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 2 }, Targets = [$"{a}={api}", $"{c}={cell}"], IntoExisting = true,
        });

        Assert.False(outcome.Comparison!.Refused);
        Assert.Equal([$"{a}.cell_mappings", $"{a}.instance_mappings", $"{c}.instances", $"{c}.pci_devices"],
            outcome.Comparison.Tables.Select(t => t.Target.Name).Order(StringComparer.Ordinal));
        Assert.Equal((20 + 20 + 20 + 2) * 2, outcome.Result.TotalRows);
        Assert.Equal(outcome.Result.TotalRows, await RowsAsync(cell, api));
        var (ct, at) = (MariaDbServer.Parse(cell).DatabaseName!, MariaDbServer.Parse(api).DatabaseName!);
        Assert.Equal(40, await ScalarAsync(cell, $"SELECT COUNT(DISTINCT instance_uuid) FROM `{at}`.instance_mappings"));
        Assert.Equal(0, await ScalarAsync(cell, $"SELECT COUNT(*) FROM `{at}`.instance_mappings m "
            + $"WHERE NOT EXISTS (SELECT 1 FROM `{ct}`.instances i WHERE i.uuid = m.instance_uuid)"));
        // the schemas are the migrations' own: nothing was created, and the declared key inside the API database holds
        Assert.Equal(0, await ScalarAsync(cell, $"SELECT COUNT(*) FROM `{at}`.instance_mappings m "
            + $"WHERE m.cell_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `{at}`.cell_mappings x WHERE x.id = m.cell_id)"));
        Assert.Equal(4, await ScalarAsync(cell, $"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('{ct}', '{at}')"));
    }

    [MySqlFact]
    public async Task A_schema_that_cannot_take_the_rows_in_one_database_refuses_the_run_and_neither_database_is_written()
    {
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(server);
        // the API database's migrations made a NOT NULL column without default that the profile knows nothing of
        var (cell, api) = await CreateTargetsAsync(
        [
            SeveralDatabases.ApiSchema[0],
            SeveralDatabases.ApiSchema[1].Replace("cell_id INT,", "cell_id INT, project_id VARCHAR(255) NOT NULL,",
                StringComparison.Ordinal),
        ]);

        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [$"{c}={cell}", $"{a}={api}"], IntoExisting = true,
        }));

        Assert.Equal(ExitCodes.SchemaMismatch, refused.ExitCode);
        Assert.Equal([$"{a}.instance_mappings.project_id"], refused.Comparison.Fatal.Select(d => $"{d.Table}.{d.Column}"));
        Assert.Equal(0, await RowsAsync(cell, api));
    }

    [MySqlFact]
    public async Task A_second_commit_that_fails_leaves_the_first_database_emptied_again_and_a_rerun_fills_both()
    {
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(server);
        var (cell, api) = await CreateTargetsAsync();
        var apiName = MariaDbServer.Parse(api).DatabaseName!;
        var request = new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [$"{c}={cell}", $"{a}={api}"], IntoExisting = true,
        };
        var killed = 0;

        // every database is checked and the cell committed; then the server loses the API writer's session
        var failed = await Assert.ThrowsAsync<DatabaseOperationException>(() => GenerateRun.RunAsync(request with
        {
            BeforeCommit = async (database, _) =>
            {
                if (database != a)
                    return;
                await using var connection = new MySqlConnection(MariaDbServer.Parse(cell).ConnectionString);
                foreach (var id in await connection.QueryAsync<long>(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = @apiName AND ID <> CONNECTION_ID()", new { apiName }))
                {
                    await connection.ExecuteAsync($"KILL CONNECTION {id}");
                    killed++;
                }
            },
        }));

        Assert.True(killed > 0);
        Assert.Contains("had committed. Their tables were emptied again", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync(cell, api));

        var rerun = await GenerateRun.RunAsync(request);
        Assert.Equal(62, rerun.Result.TotalRows);
        Assert.Equal(62, await RowsAsync(cell, api));
    }

    [MySqlFact]
    public async Task Databases_of_one_server_named_by_two_spellings_of_its_address_make_one_profile()
    {
        // 127.0.0.1 and localhost on one port are one server: the servers are asked who they are (host, port, data directory)
        var (cellUrl, apiUrl) = await SeveralDatabases.CreateSourcesAsync(server);
        Assert.Contains("@127.0.0.1:", cellUrl, StringComparison.Ordinal);
        var api = MariaDbServer.Parse(apiUrl.Replace("@127.0.0.1:", "@localhost:", StringComparison.Ordinal));
        Assert.NotEqual(MariaDbServer.Parse(cellUrl).Server, api.Server);

        var (profile, _) = await Profiler.ProfileAsync([MariaDbServer.Parse(cellUrl), api], new ProfileSettings(),
            new ForeignKeyInferenceOptions());

        Assert.Equal(2, profile.Databases.Count);
        Assert.Contains(profile.Tables, t => t.Name.EndsWith(".instance_mappings", StringComparison.Ordinal));
    }
}
