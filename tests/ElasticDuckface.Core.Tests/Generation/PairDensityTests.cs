using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// A many-to-many link table (ratings(user, movie), the pair its key) from a known model, scaled down on both parents:
/// the generated ratings per movie against the truth's own subsample (users and movies each kept with probability s,
/// a rating kept when both its user and its movie are).
/// </summary>
public class PairDensityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.3)]
    public void Both_parents_shrinking_gives_the_truths_subsample_per_movie_and_per_user(double s)
    {
        var truth = RatingsTruth.Draw(users: 1500, movies: 600, seed: 11);
        var (perMovie, perUser, ratings) = truth.Subsample(s, seed: 5);
        var profile = truth.Profile();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions
        {
            Scale = s,
            Rows = new Dictionary<string, long>(StringComparer.Ordinal) { ["ratings"] = ratings },
        });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        Assert.Empty(Integrity.Problems(profile, plan, data));
        var generatedMovie = Histogram(data["ratings"].Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)),
            plan["movies"].TargetRows);
        var generatedUser = Histogram(data["ratings"].Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)),
            plan["users"].TargetRows);
        var ksMovie = FanOutDistance.KolmogorovSmirnov(perMovie, generatedMovie);
        var ksUser = FanOutDistance.KolmogorovSmirnov(perUser, generatedUser);
        output.WriteLine($"×{s}: {ratings} ratings; KS per movie {ksMovie:0.000}, per user {ksUser:0.000}; "
            + $"truth max per movie {perMovie.Max(b => b.Children)}, generated {generatedMovie.Max(b => b.Children)}");
        Assert.True(ksMovie < 0.08, $"per movie KS {ksMovie:0.000}");
        Assert.True(ksUser < 0.08, $"per user KS {ksUser:0.000}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void Shrinking_everything_alike_saturates_the_popular_movies_as_a_denser_truth_does(double s)
    {
        // ×s everywhere: as many ratings per movie as before with only s of the users left, i.e. pairs 1/s times as dense.
        // The truth for that: the same users and movies with every pair's chance ×1/s (saturating at 1), subsampled at s.
        var truth = RatingsTruth.Draw(users: 1500, movies: 600, seed: 11);
        var dense = RatingsTruth.Draw(users: 1500, movies: 600, seed: 11, density: 1 / s);
        var (perMovie, perUser, ratings) = dense.Subsample(s, seed: 5);
        var profile = truth.Profile();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions
        {
            Scale = s,
            Rows = new Dictionary<string, long>(StringComparer.Ordinal) { ["ratings"] = ratings },
        });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        Assert.Empty(Integrity.Problems(profile, plan, data));
        var (users, movies) = (plan["users"].TargetRows, plan["movies"].TargetRows);
        var generated = Histogram(data["ratings"].Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)), movies);
        var generatedUser = Histogram(data["ratings"].Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)), users);
        var fk = profile.Tables.Single(t => t.Name == "ratings").ForeignKeys.Single(f => f.Name == "fk_movie");
        var side = new PairSide(truth.Users, users);
        var reference = FanOutReference.For(fk.Stats!.Histogram!, movies, ratings, pair: side);
        // before the pair density: the histogram at the target's mean, its tail cut at the users left
        var cut = FanOutReference.For(fk.Stats!.Histogram!, movies, ratings, pair: new PairSide(users, users));
        var ks = FanOutDistance.KolmogorovSmirnov(perMovie, generated);
        output.WriteLine($"×{s}: {users} users, {ratings} ratings; per movie KS against the dense truth: generated {ks:0.000}, "
            + $"reference {FanOutDistance.KolmogorovSmirnov(perMovie, reference):0.000}, cut histogram "
            + $"{FanOutDistance.KolmogorovSmirnov(perMovie, cut):0.000}; per user {FanOutDistance.KolmogorovSmirnov(perUser, generatedUser):0.000}; "
            + $"generated against its reference {FanOutDistance.KolmogorovSmirnov(reference, generated):0.000}");
        output.WriteLine(plan.Describe());
        Assert.True(ks < FanOutDistance.KolmogorovSmirnov(perMovie, cut), "the pair density comes closer than the cut histogram");
        Assert.Contains(plan.PairCaps, c => c.ForeignKey == "fk_movie" && c.Saturated && c.Cap == users);
    }

    [Property(MaxTest = 25)]
    public Property Random_factors_keep_counts_pairs_and_integrity(PositiveInt a, PositiveInt b, PositiveInt c, bool stretch)
    {
        var truth = s_small.Value;
        double Factor(PositiveInt x) => 0.02 + (x.Get % 100) / 100.0;
        var profile = truth.Profile();
        var options = new ScaleOptions
        {
            TableScales = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["users"] = Factor(a), ["movies"] = Factor(b), ["ratings"] = Factor(c),
            },
            Growth = stretch ? FanOutGrowth.Stretch : FanOutGrowth.Sample,
        };
        GenerationPlan plan;
        try
        {
            plan = GenerationPlanner.Plan(profile, options);
        }
        catch (PlanValidationException ex) when (ex.Message.Contains("distinct pairs", StringComparison.Ordinal))
        {
            return true.Classify(true, "infeasible");
        }

        var problems = Integrity.Problems(profile, plan, Integrity.Generate(new RowGenerator(profile, plan), plan));
        return (problems.Count == 0).Label(string.Join("\n", problems.Take(5))).Classify(plan.PairCaps.Count > 0, "cap binds");
    }

    private static readonly Lazy<RatingsTruth> s_small = new(() => RatingsTruth.Draw(users: 200, movies: 120, seed: 3));

    internal static FanOutBin[] Histogram(IEnumerable<long> parentOfEachRow, long parents)
    {
        var counts = parentOfEachRow.GroupBy(p => p).Select(g => g.LongCount()).ToList();
        var zeros = parents - counts.Count;
        return [.. counts.Append(0).GroupBy(k => k).Select(g => new FanOutBin(g.Key, g.Key == 0 ? zeros : g.LongCount()))
            .Where(b => b.Parents > 0).OrderBy(b => b.Children)];
    }
}

/// <summary>Users with a latent activity, movies with a heavy-tailed popularity, a rating present with probability
/// min(1, c · activity · popularity): pairs unique by construction.</summary>
internal sealed record RatingsTruth(int Users, int Movies, List<(int User, int Movie)> Pairs)
{
    public static RatingsTruth Draw(int users, int movies, int seed, double density = 1)
    {
        var rnd = new Random(seed);
        var activity = Enumerable.Range(0, users).Select(_ => Math.Exp(1.0 * Normal(rnd))).ToArray();
        var popularity = Enumerable.Range(0, movies).Select(_ => Math.Exp(1.4 * Normal(rnd))).ToArray();
        var scale = 0.06 * density / (activity.Average() * popularity.Average());
        var pairs = new List<(int, int)>();
        for (var u = 0; u < users; u++)
        {
            for (var m = 0; m < movies; m++)
            {
                if (rnd.NextDouble() < Math.Min(1, scale * activity[u] * popularity[m]))
                    pairs.Add((u, m));
            }
        }

        return new RatingsTruth(users, movies, pairs);
    }

    public FanOutBin[] PerMovie() => PairDensityTests.Histogram(Pairs.Select(p => (long)p.Movie), Movies);

    public FanOutBin[] PerUser() => PairDensityTests.Histogram(Pairs.Select(p => (long)p.User), Users);

    /// <summary>A share <paramref name="s"/> of the users and of the movies kept, the ratings of kept pairs.</summary>
    public (FanOutBin[] PerMovie, FanOutBin[] PerUser, long Ratings) Subsample(double s, int seed)
    {
        var rnd = new Random(seed);
        // exactly the planned counts (round(s·N), as the planner rounds), drawn without replacement
        var keptUsers = Enumerable.Range(0, Users).OrderBy(_ => rnd.Next()).Take((int)Math.Round(s * Users)).ToHashSet();
        var keptMovies = Enumerable.Range(0, Movies).OrderBy(_ => rnd.Next()).Take((int)Math.Round(s * Movies)).ToHashSet();
        var kept = Pairs.Where(p => keptUsers.Contains(p.User) && keptMovies.Contains(p.Movie)).ToList();
        return (PairDensityTests.Histogram(kept.Select(p => (long)p.Movie), keptMovies.Count),
            PairDensityTests.Histogram(kept.Select(p => (long)p.User), keptUsers.Count), kept.Count);
    }

    public DatabaseProfile Profile()
    {
        var users = Table("users", Users, [Id()]);
        var movies = Table("movies", Movies, [Id()]);
        var ratings = Table("ratings", Pairs.Count, [Int("user_id"), Int("movie_id")], primaryKey: ["user_id", "movie_id"],
            foreignKeys:
            [
                Fk("fk_user", "user_id", "users", stats: FanOut(0, [.. PerUser().Select(b => (b.Children, b.Parents))])),
                Fk("fk_movie", "movie_id", "movies", stats: FanOut(0, [.. PerMovie().Select(b => (b.Children, b.Parents))])),
            ]);
        return Database(users, movies, ratings);
    }

    private static double Normal(Random rnd) => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
}
