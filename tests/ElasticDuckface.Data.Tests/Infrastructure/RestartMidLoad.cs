using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// The server-restart case of issue 12, once for every engine: Chinook seed 1 generated into <c>url</c>, then a
/// <c>--replace</c> run of seed 2 whose server is restarted while table 5's load is open must fail in one line (exit 3) with the
/// target unchanged and at most one staging area, and the rerun must complete, drop the staging area and pass the hard checks.
/// </summary>
internal static class RestartMidLoad
{
    /// <param name="url">The target (its database exists or the writer makes it).</param>
    /// <param name="restart">Stops the server as a crash would and starts it again; returns when it answers.</param>
    /// <param name="checksum">A checksum of every row of the target.</param>
    public static async Task AssertUntouchedThenCompleteAsync(string url, Func<Task> restart, Func<Task<string>> checksum)
    {
        var ct = CancellationToken.None;
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var location = DatabaseLocation.Parse(url, new Dictionary<string, string?>());
        await GenerateRun.RunAsync(
            new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 1 }, Target = url });
        var before = await checksum();

        // the restart happens inside the load of the fifth table: its statement (LOAD DATA, COPY) is open when the server dies
        var restartAt = new RestartAt(5, restart);
        var request = new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 2 }, Target = url, Replace = true,
        };
        var error = await Assert.ThrowsAsync<DatabaseOperationException>(() => GenerateRun.RunAsync(request, null, restartAt, ct));

        Assert.True(restartAt.Restarted);
        Assert.Equal(ExitCodes.DatabaseError, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("connection to the server was lost", error.Message, StringComparison.Ordinal);
        Assert.Contains("staging area, if it made one, is left", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await checksum());
        Assert.True((await location.Engine.FindStagingAreasAsync(location, ct)).Count <= 1);

        var outcome = await GenerateRun.RunAsync(request);
        Assert.Empty(await location.Engine.FindStagingAreasAsync(location, ct));
        Assert.NotEqual(before, await checksum());
        var verify = await VerifyRun.RunAsync(profile, location, new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verify.Report.HardChecksFailed == 0,
            string.Join("; ", verify.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
    }

    /// <summary>Restarts the server when table number <paramref name="table"/> starts loading: the report comes from inside the
    /// row stream that the open load statement reads, so the statement is cut off.</summary>
    private sealed class RestartAt(int table, Func<Task> restart) : IProgress<GenerationProgress>
    {
        public bool Restarted { get; private set; }

        public void Report(GenerationProgress value)
        {
            if (Restarted || value.Index != table || value.Phase != GenerationPhase.WritingRows)
                return;
            Restarted = true;
            restart().GetAwaiter().GetResult();
        }
    }
}
