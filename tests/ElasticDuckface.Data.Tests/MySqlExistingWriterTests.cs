using Dapper;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>What MySQL's <c>--into-existing</c> writer does beyond the shared cases: tables it cannot roll back (MyISAM).</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlExistingWriterTests(MariaDbServer server)
{
    [MySqlFact]
    public async Task A_myisam_table_is_named_before_the_load_and_emptied_again_when_the_run_fails()
    {
        var url = await server.CreateDatabaseAsync("myisam");
        await MariaDbServer.ExecuteAsync(url,
        [
            "CREATE TABLE Artist (ArtistId INT NOT NULL AUTO_INCREMENT PRIMARY KEY, Name VARCHAR(120)) ENGINE=MyISAM",
            // InnoDB, and refusing every generated title: the run fails after Artist is loaded
            "CREATE TABLE Album (AlbumId INT NOT NULL AUTO_INCREMENT PRIMARY KEY, Title VARCHAR(160) NOT NULL CHECK (Title = ''), "
                + "ArtistId INT NOT NULL) ENGINE=InnoDB",
        ]);
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var lines = new List<string>();

        await Assert.ThrowsAsync<DatabaseOperationException>(() => GenerateRun.RunAsync(new GenerateRequest
        {
            Profile = profile, Scale = new ScaleOptions { Scale = 1 }, Target = url, IntoExisting = true,
        }, new SynchronousProgress(lines)));

        Assert.Contains(lines, l => l.StartsWith("note: Artist: not InnoDB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[1/2] Artist: 275 rows", StringComparison.Ordinal));
        await using var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        Assert.Equal((0L, 0L), await connection.QuerySingleAsync<(long, long)>(
            "SELECT (SELECT COUNT(*) FROM Artist), (SELECT COUNT(*) FROM Album)"));
    }

    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
