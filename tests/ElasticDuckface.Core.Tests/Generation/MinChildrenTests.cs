using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>A declared minimum fan-out (<see cref="ForeignKeyProfile.MinChildren"/>) in planning and generation.</summary>
public class MinChildrenTests
{
    // albums → tracks with 10 of 50 albums childless in the profile, as a sample along another dimension leaves them
    private static DatabaseProfile Albums(int minimum)
    {
        var albums = Table("albums", 50, [Id(), Text("title", 60)]);
        var fk = Fk("fk_tracks_album", "album_id", "albums", stats: FanOut(0, (0, 10), (2, 20), (4, 15), (9, 5))) with
        {
            MinChildren = minimum,
        };
        var tracks = Table("tracks", 145, [Id(), Int("album_id")], foreignKeys: [fk]);
        return Database(albums, tracks);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(1, 3.0)]
    [InlineData(2, 0.7)]
    public void Every_parent_gets_the_declared_minimum(int minimum, double trackScale)
    {
        var profile = Albums(minimum);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions
        {
            Seed = 5,
            TableScales = new Dictionary<string, double> { ["tracks"] = trackScale },
        });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        Assert.Empty(Integrity.Problems(profile, plan, data));
        var perAlbum = data["tracks"].GroupBy(r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(50, perAlbum.Count);
        Assert.True(perAlbum.Values.Min() >= minimum, $"an album got {perAlbum.Values.Min()} tracks");
        Assert.Contains($"Declared minimum: tracks.fk_tracks_album → albums: every parent gets at least {minimum}",
            plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_declaration_the_childless_albums_stay()
    {
        var profile = Albums(0);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Seed = 5 });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        var albumsWithTracks = data["tracks"].Select(r => r[1]).Distinct().Count();
        Assert.Equal(40, albumsWithTracks);
        Assert.DoesNotContain("Declared minimum", plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_children_for_the_minimum_is_refused_naming_the_key_the_counts_and_the_fix()
    {
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(Albums(2), new ScaleOptions
        {
            TableScales = new Dictionary<string, double> { ["tracks"] = 0.5 },
        }));
        Assert.Contains("tracks.fk_tracks_album declares at least 2 per row of 'albums' (minChildren)", ex.Message,
            StringComparison.Ordinal);
        Assert.Contains("73 rows cannot give each of its 50 rows that many", ex.Message, StringComparison.Ordinal);
        Assert.Contains("raise the factor of 'tracks'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }
    [Fact]
    public void A_minimum_above_the_partners_of_a_link_table_is_refused()
    {
        var music = Music();
        var link = music.Tables.Single(t => t.Name == "playlist_track");
        var profile = music with
        {
            Tables = [.. music.Tables.Select(t => t.Name != "playlist_track" ? t : link with
            {
                ForeignKeys = [.. link.ForeignKeys.Select(f => f.Name == "fk_pt_track" ? f with { MinChildren = 11 } : f)],
            })],
        };
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(profile, new ScaleOptions()));
        Assert.Contains("playlist_track.fk_pt_track declares at least 11 per row of 'tracks' (minChildren) but each pairs with "
            + "distinct rows of 'playlists', which gets 10; raise the factor of 'playlists'", ex.Message, StringComparison.Ordinal);
    }
}
