using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Verification;

[Collection(MariaDbCollection.Name)]
public sealed class HardChecksTests(MariaDbServer server)
{
    private static async Task<DatabaseProfile> ProfileSqliteChinookAsync()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"duckface-verify-{Guid.NewGuid():N}.sqlite");
        File.Copy(RepositoryFiles.Path("examples/chinook/Chinook_Sqlite.sqlite"), copy);
        try
        {
            return await Profiler.ProfileAsync(DatabaseLocation.Parse(copy), new ProfileSettings());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    [MySqlFact]
    public async Task The_MariaDB_copy_of_Chinook_passes_every_hard_check_and_an_orphan_is_then_found()
    {
        var url = await server.CreateDatabaseAsync("verify");
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");
        var profile = await ProfileSqliteChinookAsync();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions());
        var location = MariaDbServer.Parse(url);

        var checks = await HardChecks.RunAsync(location, profile, plan);
        Assert.All(checks, c => Assert.True(c.Passed, c.Describe()));
        Assert.Equal(11, checks.Count(c => c.Kind == HardCheckKind.Orphans));
        Assert.Equal(11, checks.Count(c => c.Kind == HardCheckKind.RowCount));

        // the same data measured in MariaDB compares to the SQLite profile with every fan-out identical
        var measured = await Profiler.ProfileAsync(location, profile.Settings);
        var report = FidelityComparer.Compare(profile, measured, checks, new VerifyOptions { Plan = plan });
        Assert.All(report.Tables.SelectMany(t => t.ForeignKeys), f => Assert.Equal(0, f.Ks));
        Assert.Equal(0, report.HardChecksFailed);

        await MariaDbServer.ExecuteAsync(url, ["SET FOREIGN_KEY_CHECKS = 0",
            "UPDATE InvoiceLine SET InvoiceId = 99999 WHERE InvoiceLineId = 7"]);
        var broken = await HardChecks.RunAsync(location, profile, plan);
        var failed = Assert.Single(broken, c => !c.Passed);
        Assert.Equal((HardCheckKind.Orphans, "InvoiceLine", 1L), (failed.Kind, failed.Table, failed.Found));
    }
}
