using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests;

/// <summary>Both servers of this collection: a profile crosses from one server engine to the other and back.</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "xunit collection definitions are conventionally named *Collection.")]
public sealed class CrossEngineCollection : ICollectionFixture<MariaDbServer>, ICollectionFixture<PostgresServer>
{
    public const string Name = "MariaDB and PostgreSQL";
}

/// <summary>A MariaDB profile generates into PostgreSQL, and the PostgreSQL result's own profile back into MariaDB.</summary>
[Collection(CrossEngineCollection.Name)]
public sealed class CrossEngineTests(MariaDbServer mariaDb, PostgresServer postgres)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [PostgresFact]
    public async Task A_mariadb_profile_generates_into_postgres_and_the_result_profiled_there_generates_back_into_mariadb()
    {
        Assert.Null(MariaDbAvailability.SkipReason);
        var chinook = mariaDb.UrlOf(MariaDbServer.UniqueName("cross_src"));
        await MySqlEngine.Instance.CreateDatabaseAsync(MariaDbServer.Parse(chinook), s_ct);
        await MariaDbServer.LoadScriptFileAsync(chinook, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");
        var fromMariaDb = await Profiler.ProfileAsync(MariaDbServer.Parse(chinook), new ProfileSettings());
        Assert.Equal("mysql", fromMariaDb.Source.Dialect);

        // MariaDB → PostgreSQL at ×2
        var pgUrl = postgres.NewDatabaseUrl("cross");
        var there = await GenerateAndVerifyAsync(fromMariaDb, pgUrl, 2);
        Assert.Equal(2 * 3503, there.Plan.Find("Track")!.TargetRows);

        // ... profiled on PostgreSQL, back into MariaDB at ×1
        var fromPostgres = await Profiler.ProfileAsync(PostgresServer.Parse(pgUrl), new ProfileSettings());
        Assert.Equal("postgres", fromPostgres.Source.Dialect);
        Assert.Equal(fromMariaDb.Tables.Select(t => t.Name), fromPostgres.Tables.Select(t => t.Name));
        Assert.Equal(2 * 3503, fromPostgres.Tables.Single(t => t.Name == "Track").RowCount);
        var back = await GenerateAndVerifyAsync(fromPostgres, mariaDb.UrlOf(MariaDbServer.UniqueName("cross_back")), 1);
        Assert.Equal(2 * 3503, back.Plan.Find("Track")!.TargetRows);
        Assert.Equal(fromMariaDb.Tables.Sum(t => t.ForeignKeys.Count), fromPostgres.Tables.Sum(t => t.ForeignKeys.Count));
    }

    private static async Task<GenerateOutcome> GenerateAndVerifyAsync(DatabaseProfile profile, string url, double scale)
    {
        var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile,
            Scale = new ScaleOptions { Scale = scale, Seed = 5 }, Target = url });
        var verified = await VerifyRun.RunAsync(profile, DatabaseEngines.Parse(url, new Dictionary<string, string?>()),
            new VerifyOptions { Plan = outcome.Plan });
        Assert.Equal(0, verified.Report.HardChecksFailed);
        Assert.True(verified.Report.HardChecksPassed >= 22, $"only {verified.Report.HardChecksPassed} hard checks ran");
        Assert.Equal(outcome.Plan.Tables.Sum(t => t.TargetRows), verified.Measured.Tables.Sum(t => t.RowCount));
        return outcome;
    }
}
