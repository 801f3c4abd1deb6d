using Dapper;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

/// <summary>Issue 10 and ADR 0007: a cell database and an API database of one server in one profile, generated into two targets.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class SeveralDatabasesTests(MariaDbServer server)
{
    private Task<(string Cell, string Api)> CreateSourcesAsync() => SeveralDatabases.CreateSourcesAsync(server);

    [MySqlFact]
    public async Task Two_databases_make_one_profile_with_the_reference_across_them_and_generate_into_two_targets_keeping_it()
    {
        var (cellUrl, apiUrl) = await CreateSourcesAsync();
        var cell = MariaDbServer.Parse(cellUrl);
        var api = MariaDbServer.Parse(apiUrl);
        var (c, a) = (cell.DatabaseName!, api.DatabaseName!);

        var (profile, inference) = await Profiler.ProfileAsync([cell, api], new ProfileSettings(), new ForeignKeyInferenceOptions());

        Assert.Equal([c, a], profile.Databases);
        Assert.Equal([$"{a}.cell_mappings", $"{a}.instance_mappings", $"{c}.instances", $"{c}.pci_devices"],
            profile.Tables.Select(t => t.Name));
        Assert.Equal(2, profile.Source.Fingerprints!.Count);
        Assert.Equal([$"{a}.instance_mappings.instance_uuid -> {c}.instances.uuid", $"{c}.pci_devices.instance_uuid -> {c}.instances.uuid"],
            inference!.Candidates.Where(x => x.Accepted).Select(x => x.Reference.ToString()));
        var mappings = profile.Tables.Single(t => t.Name == $"{a}.instance_mappings");
        Assert.Equal([(true, $"{a}.cell_mappings"), (false, $"{c}.instances")],
            mappings.ForeignKeys.Select(f => (f.Declared, f.ReferencedTable)));
        Assert.Equal((20L, 20L), (mappings.ForeignKeys[1].Stats!.ParentRows, mappings.ForeignKeys[1].Stats!.ChildRows));
        var json = ProfileSerializer.Serialize(profile);
        Assert.Equal(json, ProfileSerializer.Serialize(ProfileSerializer.Deserialize(json)));

        // the targets are matched by name (DATABASE=URL here, since the sources' own names are taken on this server)
        var cellTarget = await server.CreateDatabaseAsync("cellx");
        var apiTarget = await server.CreateDatabaseAsync("apix");
        var outcome = await GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 3 }, Targets = [$"{a}={apiTarget}", $"{c}={cellTarget}"],
        });
        Assert.Equal((20 + 20 + 20 + 2) * 3, outcome.Result.TotalRows);

        await using var connection = new MySqlConnection(MariaDbServer.Parse(cellTarget).ConnectionString);
        var (ct, at) = (MariaDbServer.Parse(cellTarget).DatabaseName!, MariaDbServer.Parse(apiTarget).DatabaseName!);
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM `{at}`.instance_mappings"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM `{at}`.instance_mappings m "
            + $"WHERE NOT EXISTS (SELECT 1 FROM `{ct}`.instances i WHERE i.uuid = m.instance_uuid)"));
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(DISTINCT instance_uuid) FROM `{at}`.instance_mappings"));
        // one database given for a profile of two is refused in one line rather than reported as every table missing
        var verify = await Assert.ThrowsAsync<DuckfaceException>(() => VerifyRun.RunAsync(profile, MariaDbServer.Parse(cellTarget),
            new VerifyOptions()));
        Assert.Equal(ExitCodes.InvalidInput, verify.ExitCode);

        // the declared key inside the API database is a constraint, the references are not
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
            + $"WHERE CONSTRAINT_SCHEMA IN ('{ct}', '{at}')"));
    }

    [MySqlFact]
    public async Task Targets_that_do_not_match_the_profiles_databases_are_refused_before_anything_is_written()
    {
        var (cellUrl, apiUrl) = await CreateSourcesAsync();
        var (profile, _) = await Profiler.ProfileAsync([MariaDbServer.Parse(cellUrl), MariaDbServer.Parse(apiUrl)], new ProfileSettings(),
            null);
        var c = MariaDbServer.Parse(cellUrl).DatabaseName!;
        var target = server.UrlOf(MariaDbServer.UniqueName("never"));

        var missing = await Assert.ThrowsAsync<DuckfaceException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [$"{c}={target}"],
        }));
        Assert.Contains($"The profile's database '{MariaDbServer.Parse(apiUrl).DatabaseName}' has no --target", missing.Message,
            StringComparison.Ordinal);

        var source = await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions(), Targets = [cellUrl, apiUrl],
        }));
        Assert.Contains("is the database this profile was made from", source.Message, StringComparison.Ordinal);
    }

    [MySqlFact]
    public async Task A_profile_of_two_databases_is_verified_in_one_report_with_the_reference_across_them_checked()
    {
        var (profile, c, a) = await SeveralDatabases.ProfileAsync(server);
        var cellTarget = await server.CreateDatabaseAsync("cellv");
        var apiTarget = await server.CreateDatabaseAsync("apiv");
        var scale = new ScaleOptions { Scale = 2 };
        string[] targets = [$"{a}={apiTarget}", $"{c}={cellTarget}"];
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = scale, Targets = targets });
        var options = new VerifyOptions { Plan = GenerationPlanner.Plan(profile, scale) };

        var outcome = await VerifyRun.RunAsync(profile, targets, options);

        var report = outcome.Report;
        Assert.NotEqual(Verdict.Failed, report.Verdict);
        Assert.Equal(0, report.HardChecksFailed);
        Assert.Equal(4, report.HardChecks.Count(h => h.Kind == HardCheckKind.RowCount));
        var across = Assert.Single(report.HardChecks, h => h.Kind == HardCheckKind.Orphans && h.Table == $"{a}.instance_mappings"
            && h.Detail == $"→ {c}.instances");
        Assert.Equal(0, across.Found);
        Assert.Equal([$"{a}.cell_mappings", $"{a}.instance_mappings", $"{c}.instances", $"{c}.pci_devices"],
            report.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        // the measured fan-out of the reference across the databases is compared like any other (each instance mapped once)
        var fanOut = report.Tables.Single(t => t.Name == $"{a}.instance_mappings").ForeignKeys.Single(f => f.ReferencedTable == $"{c}.instances");
        Assert.Equal((40L, 40L), (fanOut.ParentRows.Target, fanOut.ChildRows.Target));
        Assert.True(fanOut.Ks < 0.05, $"fan-out KS {fanOut.Ks}");

        // instances deleted from the cell leave mappings that name nothing: the check across the databases fails verify
        var cell = MariaDbServer.Parse(cellTarget);
        await using (var connection = new MySqlConnection(cell.ConnectionString))
            await connection.ExecuteAsync("DELETE FROM instances ORDER BY id LIMIT 3");
        var broken = await VerifyRun.RunAsync(profile, targets, options);
        Assert.Equal(Verdict.Failed, broken.Report.Verdict);
        Assert.Equal(3, broken.Report.HardChecks.Single(h => h.Kind == HardCheckKind.Orphans && h.Table == $"{a}.instance_mappings"
            && h.Detail == $"→ {c}.instances").Found);
    }
}
