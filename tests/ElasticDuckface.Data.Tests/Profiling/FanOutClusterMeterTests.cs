using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling;

/// <summary>
/// Issue 14, clustered thinning: with <see cref="ProfileSettings.FanOutClusters"/> the profiler records how an invoice's
/// lines cluster by artist (line → track → album → artist), exactly, and nothing for a path of clusters of one child.
/// </summary>
/// <remarks>
/// The database: 6 artists with one album of 4 tracks each; 30 invoices, invoice i buys (i mod 3) + 1 artists, two
/// tracks of each (so clusters of 2 lines, never one track twice), invoices 28–30 buy nothing.
/// </remarks>
public sealed class FanOutClusterMeterTests
{
    private static async Task<DatabaseProfile> ProfileAsync(string path, bool clusters, int minCount = 1)
    {
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("""
                CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE album (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES artist (id));
                CREATE TABLE track (id INTEGER PRIMARY KEY, album_id INTEGER NOT NULL REFERENCES album (id));
                CREATE TABLE invoice (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);
                CREATE TABLE line (id INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL REFERENCES invoice (id),
                  track_id INTEGER NOT NULL REFERENCES track (id));
                """);
            await using var tx = await c.BeginTransactionAsync();
            for (var a = 1; a <= 6; a++)
            {
                await c.ExecuteAsync("INSERT INTO artist VALUES (@a, @name)", new { a, name = "artist " + a }, tx);
                await c.ExecuteAsync("INSERT INTO album VALUES (@a, @a)", new { a }, tx);
                for (var t = 0; t < 4; t++)
                    await c.ExecuteAsync("INSERT INTO track VALUES (@id, @a)", new { id = (a * 10) + t, a }, tx);
            }

            for (var i = 1; i <= 30; i++)
            {
                await c.ExecuteAsync("INSERT INTO invoice VALUES (@i, @i)", new { i }, tx);
                for (var k = 0; i <= 27 && k <= i % 3; k++)
                {
                    var artist = ((i + k) % 6) + 1;
                    foreach (var t in new[] { 0, 1 })
                    {
                        await c.ExecuteAsync("INSERT INTO line (invoice_id, track_id) VALUES (@i, @track)",
                            new { i, track = (artist * 10) + t }, tx);
                    }
                }
            }

            await tx.CommitAsync();
        }

        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(path),
            new ProfileSettings { FanOutClusters = clusters, MinCount = minCount });
        SqliteConnection.ClearAllPools();
        return profile;
    }

    private static FanOutStatistics LineToInvoice(DatabaseProfile profile) =>
        profile.Tables.Single(t => t.Name == "line").ForeignKeys.Single(f => f.ReferencedTable == "invoice").Stats!;

    [Fact]
    public async Task An_invoices_lines_are_counted_per_artist()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var stats = LineToInvoice(await ProfileAsync(dir.File("shop.db"), clusters: true));
        var paths = stats.Clusters!;
        // by album and by artist (one album per artist: the same clusters); by track every cluster is one line: not written
        Assert.Equal(["album", "artist"], paths.Select(p => p.Ancestor).Order(StringComparer.Ordinal));
        var byArtist = paths.Single(p => p.Ancestor == "artist");
        Assert.Equal(3, byArtist.Via.Count);
        // 9 invoices each of 1, 2 and 3 artists; 3 of none
        Assert.Equal([new FanOutBin(0, 3), new FanOutBin(1, 9), new FanOutBin(2, 9), new FanOutBin(3, 9)], byArtist.PerParent);
        Assert.Equal([new FanOutBin(2, 54)], byArtist.Sizes);
        Assert.Equal(stats.ChildRows, byArtist.Sizes.Sum(s => s.Children * s.Parents));
    }

    [Fact]
    public async Task Without_the_setting_the_profile_has_no_clusters_and_its_bytes_do_not_change()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await ProfileAsync(dir.File("shop.db"), clusters: false);
        Assert.Null(LineToInvoice(profile).Clusters);
        var json = ProfileSerializer.Serialize(profile);
        Assert.DoesNotContain("clusters", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_k_rule_merges_cluster_bins_of_fewer_than_k_and_keeps_their_totals()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var exact = LineToInvoice(await ProfileAsync(dir.File("exact.db"), clusters: true)).Clusters!.Single(p => p.Ancestor == "artist");
        var profile = await ProfileAsync(dir.File("shop.db"), clusters: true, minCount: 10);
        var byArtist = LineToInvoice(profile).Clusters!.Single(p => p.Ancestor == "artist");
        // the fan-out's own rule: runs of at least k parents (the last bin may take the rounding, which follows from the total)
        Assert.Equal(FanOutCoarsening.Merge(exact.PerParent, 10), byArtist.PerParent);
        Assert.True(byArtist.PerParent.Count < exact.PerParent.Count);
        Assert.Equal(30, byArtist.PerParent.Sum(b => b.Parents));
        Assert.Equal(54, byArtist.PerParent.Sum(b => b.Children * b.Parents));
        var json = ProfileSerializer.Serialize(profile);
        var back = ProfileSerializer.Deserialize(json);
        Assert.Equal(byArtist.PerParent, LineToInvoice(back).Clusters!.Single(p => p.Ancestor == "artist").PerParent);
        Assert.Contains("fanOutClusters", json, StringComparison.Ordinal);
        var errors = ProfileSchemaTests.Errors(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
