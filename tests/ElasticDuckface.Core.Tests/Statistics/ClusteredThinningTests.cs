using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using Xunit.Abstractions;

namespace ElasticDuckface.Core.Tests.Statistics;

/// <summary>
/// Issue 14, clustered thinning (docs/adr/0006-fan-out-growth.md): a ground truth whose children come in clusters (an
/// invoice's lines by artist), thinned a cluster at a time, grown back with and without the clusters.
/// </summary>
public class ClusteredThinningTests(ITestOutputHelper output)
{
    private const double Keep = 0.1;

    /// <summary>
    /// 3,000 parents, each of 1 + Poisson(2) clusters of 1 + Geometric(0.35) children (every parent has children), each
    /// cluster kept with probability 1/10: the truth's histogram, the thinned histogram and the profile's clusters.
    /// </summary>
    private static (FanOutBin[] Truth, FanOutBin[] Thinned, FanOutClusters Clusters) Draw(int seed)
    {
        var random = new Random(seed);
        var truth = new SortedDictionary<long, long>();
        var thinned = new SortedDictionary<long, long>();
        var perParent = new SortedDictionary<long, long>();
        var sizes = new SortedDictionary<long, long>();
        for (var p = 0; p < 3000; p++)
        {
            var clusters = 1 + Poisson(random, 2);
            long x = 0, y = 0, kept = 0;
            for (var c = 0; c < clusters; c++)
            {
                var size = 1;
                while (random.NextDouble() > 0.35)
                    size++;
                x += size;
                if (random.NextDouble() < Keep)
                {
                    y += size;
                    kept++;
                    sizes[size] = sizes.GetValueOrDefault(size) + 1;
                }
            }

            truth[x] = truth.GetValueOrDefault(x) + 1;
            thinned[y] = thinned.GetValueOrDefault(y) + 1;
            perParent[kept] = perParent.GetValueOrDefault(kept) + 1;
        }

        static FanOutBin[] Bins(SortedDictionary<long, long> d) => [.. d.Select(b => new FanOutBin(b.Key, b.Value))];
        return (Bins(truth), Bins(thinned), new FanOutClusters
        {
            Ancestor = "artist", Via = ["line_track", "track_album", "album_artist"], PerParent = Bins(perParent), Sizes = Bins(sizes),
        });
    }

    private static int Poisson(Random random, double mean)
    {
        var (k, p, limit) = (0, random.NextDouble(), Math.Exp(-mean));
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static ClusterContext Context(FanOutClusters clusters, double artistRatio = 10) =>
        new([clusters], a => a == "artist" ? artistRatio : null);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Deconvolving_the_clusters_comes_closer_to_a_clustered_truth_than_thinning_children(int seed)
    {
        var (truth, thinned, clusters) = Draw(seed);
        var children = truth.Sum(b => b.Children * b.Parents);
        var independent = FanOutReference.For(thinned, 3000, children);
        var clustered = FanOutReference.For(thinned, 3000, children, clusters: Context(clusters));
        var ksIndependent = FanOutDistance.KolmogorovSmirnov(truth, independent);
        var ksClustered = FanOutDistance.KolmogorovSmirnov(truth, clustered);
        output.WriteLine($"seed {seed}: KS independent {ksIndependent:0.000}, clustered {ksClustered:0.000}");
        Assert.True(ksClustered < ksIndependent, $"clustered {ksClustered:0.000} vs independent {ksIndependent:0.000}");
        Assert.True(ksClustered <= 0.15, $"clustered {ksClustered:0.000}");
    }

    [Fact]
    public void Clusters_of_one_child_change_nothing()
    {
        var (_, thinned, clusters) = Draw(4);
        var ones = clusters with
        {
            PerParent = thinned,
            Sizes = [new FanOutBin(1, thinned.Sum(b => b.Children * b.Parents))],
        };
        var children = thinned.Sum(b => b.Children * b.Parents) * 10;
        Assert.Equal(FanOutReference.For(thinned, 3000, children), FanOutReference.For(thinned, 3000, children, clusters: Context(ones)));
    }

    [Fact]
    public void An_ancestor_that_does_not_grow_with_the_child_is_not_the_thinned_dimension()
    {
        var (_, thinned, clusters) = Draw(5);
        var children = thinned.Sum(b => b.Children * b.Parents) * 10;
        // the artists kept whole (ratio 1 against the child's 10): the children were thinned some other way
        Assert.Equal(FanOutReference.For(thinned, 3000, children),
            FanOutReference.For(thinned, 3000, children, clusters: Context(clusters, artistRatio: 1)));
        // shrinking thins children, as before
        Assert.Equal(FanOutReference.For(thinned, 3000, 100), FanOutReference.For(thinned, 3000, 100, clusters: Context(clusters)));
    }

    [Fact]
    public void The_farthest_ancestor_growing_as_the_child_does_is_chosen()
    {
        var (_, _, clusters) = Draw(6);
        var album = clusters with { Ancestor = "album", Via = ["line_track", "track_album"] };
        var genre = clusters with { Ancestor = "genre", Via = ["line_track", "track_genre"] };
        var chosen = ClusteredThinning.Choose([album, clusters, genre], 10,
            a => a switch { "album" => 9.5, "artist" => 9, _ => 1 });
        Assert.Equal("artist", chosen?.Ancestor);
        Assert.Null(ClusteredThinning.Choose([genre], 10, _ => 1));
    }

    [Fact]
    public void A_profile_inconsistent_with_its_histogram_is_ignored()
    {
        var (_, thinned, clusters) = Draw(7);
        var broken = clusters with { Sizes = [new FanOutBin(3, 1)] };
        var children = thinned.Sum(b => b.Children * b.Parents) * 10;
        Assert.Equal(FanOutReference.For(thinned, 3000, children), FanOutReference.For(thinned, 3000, children, clusters: Context(broken)));
    }
}
