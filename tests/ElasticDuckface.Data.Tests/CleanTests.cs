using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 12, <c>duckface clean</c> on a real MariaDB: a killed run's staging database is listed by a dry run, removed by
/// clean, and a running generate's (its lock held) is kept; with the lock, a second run into the target is refused.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlCleanTests(MariaDbServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [MySqlFact]
    public async Task Clean_removes_a_killed_runs_staging_database_and_keeps_a_running_ones()
    {
        var url = server.UrlOf(MariaDbServer.UniqueName("clean"));
        var location = MariaDbServer.Parse(url);
        var database = location.DatabaseName!;
        var killed = MySqlStaging.NewName(database);
        var admin = server.UrlOf("mysql");
        await MariaDbServer.ExecuteAsync(admin, [$"CREATE DATABASE `{killed}`", $"CREATE TABLE `{killed}`.t (id INT)"]);
        var other = MySqlStaging.NewName("other" + database); // another target's: never touched
        await MariaDbServer.ExecuteAsync(admin, [$"CREATE DATABASE `{other}`"]);

        var dry = await CleanRun.RunAsync(location, dryRun: true, s_ct);
        Assert.Equal([killed], dry.Cleanup.Removed);
        Assert.Empty(dry.Cleanup.InUse);
        Assert.Equal([killed], await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));

        var options = new WriterOptions(false, "mysql", DatabaseEngines.TypesFor("mysql"));
        await using (var writer = await MySqlWriter.OpenAsync(location, options, s_ct))
        {
            var running = Assert.Single(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
            await MariaDbServer.ExecuteAsync(admin, [$"CREATE DATABASE `{killed}`"]);

            // the running generate holds the target's lock: clean keeps everything, and a second run is refused
            var during = await CleanRun.RunAsync(location, dryRun: false, s_ct);
            Assert.Empty(during.Cleanup.Removed);
            Assert.Equal(new[] { killed, running }.Order(StringComparer.Ordinal), during.Cleanup.InUse);
            var second = await Assert.ThrowsAsync<OutputException>(() => MySqlWriter.OpenAsync(location, options, s_ct));
            Assert.Contains("Another generate", second.Message, StringComparison.Ordinal);
            Assert.Equal(2, (await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct)).Count);
        }

        var after = await CleanRun.RunAsync(location, dryRun: false, s_ct);
        Assert.Equal([killed], after.Cleanup.Removed);
        Assert.Empty(await MySqlEngine.Instance.FindStagingAreasAsync(location, s_ct));
        Assert.Equal([other], await MySqlEngine.Instance.FindStagingAreasAsync(MariaDbServer.Parse(server.UrlOf("other" + database)),
            s_ct));
        Assert.Empty((await CleanRun.RunAsync(location, dryRun: false, s_ct)).Cleanup.Removed);
    }

    /// <summary>
    /// What an older --replace left when another table's key referenced a replaced table: the key followed the parent into
    /// <c>&lt;staging&gt;_old</c>. Clean used to advise "Grant the user DROP"; it names the key and the fix, and once the key is
    /// dropped it removes the database. Verify says the swap was done (the target is not as it was).
    /// </summary>
    [MySqlFact]
    public async Task Clean_names_the_foreign_keys_that_hold_a_retired_database_instead_of_blaming_privileges()
    {
        var url = await server.CreateDatabaseAsync("heldold");
        var location = MariaDbServer.Parse(url);
        var retired = MySqlStaging.RetiredName(MySqlStaging.NewName(location.DatabaseName!));
        await MariaDbServer.ExecuteAsync(server.UrlOf("mysql"), [$"CREATE DATABASE `{retired}`",
            $"CREATE TABLE `{retired}`.track (track_id INT PRIMARY KEY)"]);
        await MariaDbServer.ExecuteAsync(url, [
            $"CREATE TABLE extra (tid INT, CONSTRAINT extra_track FOREIGN KEY (tid) REFERENCES `{retired}`.track (track_id))"]);
        var profile = new DatabaseProfile
        {
            Source = new ProfileSource("mysql"),
            Settings = new ProfileSettings(),
            Tables = [],
        };
        var verify = await Assert.ThrowsAsync<DuckfaceException>(() => VerifyRun.RunAsync(profile, location,
            new ElasticDuckface.Verification.VerifyOptions()));
        Assert.Contains("new tables were moved into the target", verify.Message, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => CleanRun.RunAsync(location, dryRun: false, s_ct));
        Assert.Contains($"`{location.DatabaseName}`.`extra`.`extra_track`", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Grant", ex.Message, StringComparison.Ordinal);

        await MariaDbServer.ExecuteAsync(url, ["ALTER TABLE extra DROP FOREIGN KEY extra_track"]);
        Assert.Equal([retired], (await CleanRun.RunAsync(location, dryRun: false, s_ct)).Cleanup.Removed);
    }
}

/// <summary>Issue 12, <c>duckface clean</c> on a real PostgreSQL: the same, with the target schema's advisory lock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCleanTests(PostgresServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [PostgresFact]
    public async Task Clean_removes_a_killed_runs_staging_schema_and_keeps_a_running_ones()
    {
        var url = await server.CreateDatabaseAsync("clean");
        var location = PostgresServer.Parse(url);
        var killed = PostgresStaging.NewName("public");
        await PostgresServer.ExecuteAsync(url, $"CREATE SCHEMA \"{killed}\"; CREATE TABLE \"{killed}\".t (id int)");
        var other = PostgresStaging.NewName("sales"); // another schema's: never touched
        await PostgresServer.ExecuteAsync(url, $"CREATE SCHEMA \"{other}\"");

        var dry = await CleanRun.RunAsync(location, dryRun: true, s_ct);
        Assert.Equal([killed], dry.Cleanup.Removed);
        Assert.Equal([killed], await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));

        var options = new WriterOptions(false, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using (var writer = await PostgresWriter.OpenAsync(location, options, s_ct))
        {
            var running = Assert.Single(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
            await PostgresServer.ExecuteAsync(url, $"CREATE SCHEMA \"{killed}\"");
            var during = await CleanRun.RunAsync(location, dryRun: false, s_ct);
            Assert.Empty(during.Cleanup.Removed);
            Assert.Equal(new[] { killed, running }.Order(StringComparer.Ordinal), during.Cleanup.InUse);
        }

        var after = await CleanRun.RunAsync(location, dryRun: false, s_ct);
        Assert.Equal([killed], after.Cleanup.Removed);
        Assert.Empty(await PostgresEngine.Instance.FindStagingAreasAsync(location, s_ct));
        Assert.Equal([other], await PostgresEngine.Instance.FindStagingAreasAsync(PostgresServer.Parse(url + (url.Contains('?',
            StringComparison.Ordinal) ? "&" : "?") + "schema=sales"), s_ct));
    }

    [PostgresFact]
    public async Task Clean_of_a_database_that_does_not_exist_finds_nothing()
    {
        var missing = PostgresServer.Parse(server.NewDatabaseUrl("never"));
        var outcome = await CleanRun.RunAsync(missing, dryRun: false, s_ct);
        Assert.Empty(outcome.Cleanup.Removed);
        Assert.Empty(outcome.Cleanup.InUse);
    }
}
