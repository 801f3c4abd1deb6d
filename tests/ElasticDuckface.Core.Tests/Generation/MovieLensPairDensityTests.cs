using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// A MovieLens-100k-like link table (943 users, 1,682 movies, about 100k ratings, the heaviest movie rated by about 62%
/// of the users, every user with at least 20 ratings), scaled down on both parents, through the plain allocator and
/// the per-parent-state one (a share of the movies soft-deleted, the popular ones more often).
/// </summary>
public class MovieLensPairDensityTests(ITestOutputHelper output)
{
    private static readonly Lazy<MovieLensTruth> s_truth = new(() => MovieLensTruth.Draw(seed: 7));

    [Fact]
    public void The_ground_truth_is_movielens_like()
    {
        var t = s_truth.Value;
        var perMovie = t.PerMovie();
        var perUser = t.PerUser();
        var heaviest = perMovie.Max(b => b.Children);
        output.WriteLine($"{t.Pairs.Count} ratings; heaviest movie {heaviest} ({(double)heaviest / t.Users:P1} of users); "
            + $"movies with 1 rating {perMovie.Where(b => b.Children == 1).Sum(b => b.Parents)}, unrated "
            + $"{perMovie.Where(b => b.Children == 0).Sum(b => b.Parents)}, median {Median(perMovie)}; users min "
            + $"{perUser.Min(b => b.Children)}, median {Median(perUser)}, max {perUser.Max(b => b.Children)}; deleted movies "
            + $"{t.Deleted.Count(d => d)}");
        Assert.InRange(t.Pairs.Count, 95_000, 105_000);
        Assert.InRange((double)heaviest / t.Users, 0.58, 0.66);
        Assert.True(perUser.Min(b => b.Children) >= 20);
    }

    /// <summary>Every table ×s (ratings at the dense truth's count): the truth is the same population with every user
    /// rating 1/s as many movies, subsampled at s on both sides.</summary>
    [Theory]
    [InlineData(0.3, false)]
    [InlineData(0.5, false)]
    [InlineData(0.3, true)]
    [InlineData(0.5, true)]
    public void Shrinking_everything_alike_comes_back_as_the_denser_truths_subsample(double s, bool byState)
    {
        var truth = s_truth.Value;
        var sample = truth.Dense(1 / s).Subsample(s, seed: 5);
        Report(truth, sample, s, byState, "×s everywhere");
    }

    /// <summary>Users and movies ×s, ratings at the truth's own subsample (about s²): the thinning.</summary>
    [Theory]
    [InlineData(0.3, false)]
    [InlineData(0.5, false)]
    [InlineData(0.3, true)]
    [InlineData(0.5, true)]
    public void Both_parents_shrinking_at_the_true_size_comes_back_as_the_truths_subsample(double s, bool byState)
    {
        var truth = s_truth.Value;
        Report(truth, truth.Subsample(s, seed: 5), s, byState, "true sizes");
    }

    // the other side of ratings' key as the generator and verify see it (the users' histogram, the movies' own)
    private static PairSide Pair(DatabaseProfile profile, ForeignKeyProfile fk, long targetUsers)
    {
        var users = profile.Tables.Single(t => t.Name == "ratings").ForeignKeys.Single(f => f.Name != fk.Name).Stats!;
        return new PairSide(users.ParentRows, targetUsers, users.Histogram, fk.Stats!.ParentRows, fk.Stats.Histogram);
    }

    private void Report(MovieLensTruth truth, MovieLensTruth.Sample sample, double s, bool byState, string label)
    {
        var profile = truth.Profile(byState);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions
        {
            Scale = s,
            Rows = new Dictionary<string, long>(StringComparer.Ordinal) { ["ratings"] = sample.Ratings },
        });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        Assert.Empty(Integrity.Problems(profile, plan, data));
        var (users, movies) = (plan["users"].TargetRows, plan["movies"].TargetRows);
        var generated = Generated.Of(data, users, movies);
        var fk = profile.Tables.Single(t => t.Name == "ratings").ForeignKeys.Single(f => f.Name == "fk_movie");
        var cut = FanOutReference.For(fk.Stats!.Histogram, movies, sample.Ratings, pair: new PairSide(users, users));
        var reference = FanOutReference.For(fk.Stats.Histogram, movies, sample.Ratings, pair: Pair(profile, fk, users));
        var ksMovie = FanOutDistance.KolmogorovSmirnov(sample.PerMovie, generated.PerMovie);
        var ksUser = FanOutDistance.KolmogorovSmirnov(sample.PerUser, generated.PerUser);
        var line = Invariant($"{label} ×{s}{(byState ? " per state" : "")}: {users} users, {movies} movies, {sample.Ratings} ratings; ")
            + Invariant($"per movie KS generated {ksMovie:0.000} (cut histogram {FanOutDistance.KolmogorovSmirnov(sample.PerMovie, cut):0.000})")
            + Invariant($", per user {ksUser:0.000}; max per movie truth {sample.PerMovie.Max(b => b.Children)}, ")
            + Invariant($"generated {generated.PerMovie.Max(b => b.Children)}; the pair density's reference ")
            + Invariant($"{FanOutDistance.KolmogorovSmirnov(sample.PerMovie, reference):0.000}");
        var worst = Math.Max(ksMovie, ksUser);
        if (byState)
        {
            foreach (var set in new[] { true, false })
            {
                var side = FanOutDistance.KolmogorovSmirnov(sample.PerMovieSide(set), generated.PerMovieSide(set));
                var states = fk.Stats.ByParentState!.Side(set);
                var sideCut = FanOutReference.For(states.Histogram, generated.PerMovieSide(set).Sum(b => b.Parents),
                    generated.PerMovieSide(set).Sum(b => b.Children * b.Parents), pair: new PairSide(users, users));
                line += Invariant($"; {(set ? "deleted" : "live")} movies KS {side:0.000} (truth max ")
                    + Invariant($"{sample.PerMovieSide(set).Max(b => b.Children)}, generated {generated.PerMovieSide(set).Max(b => b.Children)}, ")
                    + Invariant($"cut {FanOutDistance.KolmogorovSmirnov(sample.PerMovieSide(set), sideCut):0.000})");
                worst = Math.Max(worst, side);
            }
        }

        output.WriteLine(line);
        Assert.True(worst <= 0.15, line);
    }

    /// <summary>
    /// Verify's per-state comparison measures against the reference the generator allocated against: each side of a
    /// generated ×0.3 database's movies is measured against the pair density's reference at its own counts. (Before, it was
    /// measured against the side's histogram uncapped: deleted movies KS 0.335 where the pair density's is 0.261.)
    /// </summary>
    [Fact]
    public void Verify_measures_each_state_against_the_pair_density_reference()
    {
        var truth = s_truth.Value;
        var profile = truth.Profile(byState: true);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 0.3 });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        var generated = Generated.Of(data, plan["users"].TargetRows, plan["movies"].TargetRows);
        var target = generated.Profile(profile);
        var report = FidelityComparer.Compare(profile, target, [], new VerifyOptions { Plan = plan });
        var sides = report.Tables.Single(t => t.Name == "ratings").ParentStateFanOuts;
        var fk = profile.Tables.Single(t => t.Name == "ratings").ForeignKeys.Single(f => f.Name == "fk_movie");
        var pair = Pair(profile, fk, plan["users"].TargetRows);
        Assert.Equal(2, sides.Count);
        foreach (var side in sides)
        {
            var set = side.Side == ParentStateSide.Set;
            var histogram = generated.PerMovieSide(set);
            var reference = FanOutReference.For(fk.Stats!.ByParentState!.Side(set).Histogram, histogram.Sum(b => b.Parents),
                histogram.Sum(b => b.Children * b.Parents), pair: pair);
            var noPair = FanOutReference.For(fk.Stats!.ByParentState!.Side(set).Histogram, histogram.Sum(b => b.Parents),
                histogram.Sum(b => b.Children * b.Parents));
            output.WriteLine(Invariant($"{side.Side}: KS {side.Ks:0.0000}, floor {side.KsFloor:0.0000}, status {side.Status}; against ")
                + Invariant($"the pair density {FanOutDistance.KolmogorovSmirnov(reference, histogram):0.0000}, without it ")
                + Invariant($"{FanOutDistance.KolmogorovSmirnov(noPair, histogram):0.0000}; parents {side.ParentRows}, children {side.ChildRows}"));
            Assert.Equal(MetricRounding.Round(FanOutDistance.KolmogorovSmirnov(reference, histogram)), side.Ks);
        }
    }

    [Property(MaxTest = 20)]
    public Property Random_factors_keep_counts_pairs_and_integrity_per_state(PositiveInt a, PositiveInt b, PositiveInt c, bool stretch)
    {
        var truth = s_small.Value;
        double Factor(PositiveInt x) => 0.02 + (x.Get % 100) / 100.0;
        var profile = truth.Profile(byState: true);
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

        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        var problems = Integrity.Problems(profile, plan, data);
        var (users, movies) = (plan["users"].TargetRows, plan["movies"].TargetRows);
        var generated = Generated.Of(data, users, movies);
        // every movie within the users left, per side too (the cap holds on either side of the state)
        var capped = generated.PerMovieSide(true).Concat(generated.PerMovieSide(false)).All(x => x.Children <= users);
        return (problems.Count == 0 && capped && data["ratings"].Count == plan["ratings"].TargetRows)
            .Label(string.Join("\n", problems.Take(5))).Classify(plan.PairCaps.Count > 0, "cap binds");
    }

    private static readonly Lazy<MovieLensTruth> s_small = new(() => MovieLensTruth.Draw(seed: 3, users: 150, movies: 240, scale: 0.16));

    private static long Median(FanOutBin[] histogram)
    {
        var half = histogram.Sum(b => b.Parents) / 2;
        long seen = 0;
        foreach (var b in histogram)
        {
            seen += b.Parents;
            if (seen > half)
                return b.Children;
        }

        return 0;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A generated database's ratings per movie (overall and per side of the movie's state) and per user.</summary>
    private sealed record Generated(FanOutBin[] PerMovie, FanOutBin[] PerUser, Dictionary<long, bool> Deleted, List<long> MovieOfRating)
    {
        public static Generated Of(Dictionary<string, List<object?[]>> data, long users, long movies)
        {
            static long Id(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);
            var ratings = data["ratings"];
            var deleted = data["movies"].ToDictionary(r => Id(r[0]), r => r.Length > 1 && r[1] is not null);
            var movieOf = ratings.Select(r => Id(r[1])).ToList();
            return new Generated(PairDensityTests.Histogram(movieOf, movies), PairDensityTests.Histogram(ratings.Select(r => Id(r[0])), users),
                deleted, movieOf);
        }

        public FanOutBin[] PerMovieSide(bool set) =>
            PairDensityTests.Histogram(MovieOfRating.Where(m => Deleted[m] == set), Deleted.Count(d => d.Value == set));

        /// <summary>The target profile verify would measure: the profile's tables with this database's counts and fan-outs.</summary>
        public DatabaseProfile Profile(DatabaseProfile source)
        {
            var users = PerUser.Sum(b => b.Parents);
            var movies = PerMovie.Sum(b => b.Parents);
            var ratings = PerMovie.Sum(b => b.Children * b.Parents);
            StateFanOut Side(bool set)
            {
                var h = PerMovieSide(set);
                var s = FanOut(0, [.. h.Select(b => (b.Children, b.Parents))]);
                return new StateFanOut { ParentRows = s.ParentRows, ChildRows = s.ChildRows, Mean = s.Mean, Max = s.Max, Histogram = s.Histogram };
            }

            TableProfile Retarget(TableProfile t) => t.Name switch
            {
                "users" => t with { RowCount = users },
                "movies" => t with { RowCount = movies },
                _ => t with
                {
                    RowCount = ratings,
                    ForeignKeys =
                    [
                        .. t.ForeignKeys.Select(fk => fk.Name == "fk_user"
                            ? fk with { Stats = FanOut(0, [.. PerUser.Select(b => (b.Children, b.Parents))]) }
                            : fk with
                            {
                                Stats = FanOut(0, [.. PerMovie.Select(b => (b.Children, b.Parents))]) with
                                {
                                    ByParentState = fk.Stats!.ByParentState is { } st ? st with { Set = Side(true), Unset = Side(false) } : null,
                                },
                            }),
                    ],
                },
            };
            return source with { Tables = [.. source.Tables.Select(Retarget)] };
        }
    }
}

/// <summary>
/// MovieLens-100k-like ratings: each user rates 20 + a lognormal number of movies (σ 1.1, at most the movies), drawn
/// without replacement with chances in proportion to a heavy-tailed popularity (exp(σ·min(z, clip)), z standard normal:
/// σ 2 gives the many movies with one or no rating, the clip at 2.25 a flat top of blockbusters, so that the heaviest
/// movie reaches about 62% of the users); pairs unique by construction. A movie is soft-deleted with
/// chance 0.15, the 5% most popular with chance 0.6. <see cref="Dense"/> is the same population with every user
/// rating a factor more (the same draw continued).
/// </summary>
internal sealed record MovieLensTruth(int Users, int Movies, List<(int User, int Movie)> Pairs, bool[] Deleted,
    int[][] Order, int[] Counts)
{
    public static MovieLensTruth Draw(int seed, int users = 943, int movies = 1682, double scale = 1, double popularity = 2.0,
        double clip = 2.25)
    {
        var rnd = new Random(seed);
        var weight = Enumerable.Range(0, movies).Select(_ => Math.Exp(popularity * Math.Min(clip, Normal(rnd)))).ToArray();
        var rank = weight.Select((w, m) => (w, m)).OrderByDescending(x => x.w).Select((x, r) => (x.m, r)).ToDictionary(x => x.m, x => x.r);
        var deleted = Enumerable.Range(0, movies).Select(m => rnd.NextDouble() < (rank[m] < movies / 20 ? 0.6 : 0.15)).ToArray();
        var order = new int[users][];
        var counts = new int[users];
        for (var u = 0; u < users; u++)
        {
            // weighted sampling without replacement: the smallest Exp(1)/w keys (Efraimidis–Spirakis)
            order[u] = [.. Enumerable.Range(0, movies).Select(m => (Key: -Math.Log(1 - rnd.NextDouble()) / weight[m], m))
                .OrderBy(x => x.Key).Select(x => x.m)];
            counts[u] = (int)Math.Min(movies, Math.Round(scale * (20 + Math.Min(717, Math.Exp(3.85 + (1.1 * Normal(rnd)))))));
        }

        return new MovieLensTruth(users, movies, Take(order, counts), deleted, order, counts);
    }

    private static List<(int, int)> Take(int[][] order, int[] counts) =>
        [.. order.SelectMany((o, u) => o.Take(counts[u]).Select(m => (u, m)))];

    /// <summary>Every user rating <paramref name="factor"/> times as many movies (at most all of them).</summary>
    public MovieLensTruth Dense(double factor)
    {
        var counts = Counts.Select(c => (int)Math.Min(Movies, Math.Round(c * factor))).ToArray();
        return this with { Counts = counts, Pairs = Take(Order, counts) };
    }

    public FanOutBin[] PerMovie() => PairDensityTests.Histogram(Pairs.Select(p => (long)p.Movie), Movies);

    public FanOutBin[] PerUser() => PairDensityTests.Histogram(Pairs.Select(p => (long)p.User), Users);

    private FanOutBin[] PerMovieSide(bool set) =>
        PairDensityTests.Histogram(Pairs.Where(p => Deleted[p.Movie] == set).Select(p => (long)p.Movie), Deleted.Count(d => d == set));

    /// <summary>A subsample's ratings per movie (overall and per side of the movie's state) and per user.</summary>
    internal sealed record Sample(FanOutBin[] PerMovie, FanOutBin[] PerUser, FanOutBin[] DeletedMovies, FanOutBin[] LiveMovies,
        long Ratings)
    {
        public FanOutBin[] PerMovieSide(bool set) => set ? DeletedMovies : LiveMovies;
    }

    /// <summary>A share <paramref name="s"/> of the users and of the movies kept (round(s·N) each), the ratings of kept pairs.</summary>
    public Sample Subsample(double s, int seed)
    {
        var rnd = new Random(seed);
        var keptUsers = Enumerable.Range(0, Users).OrderBy(_ => rnd.Next()).Take((int)Math.Round(s * Users)).ToHashSet();
        var keptMovies = Enumerable.Range(0, Movies).OrderBy(_ => rnd.Next()).Take((int)Math.Round(s * Movies)).ToHashSet();
        var kept = Pairs.Where(p => keptUsers.Contains(p.User) && keptMovies.Contains(p.Movie)).ToList();
        FanOutBin[] Side(bool set) => PairDensityTests.Histogram(kept.Where(p => Deleted[p.Movie] == set).Select(p => (long)p.Movie),
            keptMovies.Count(m => Deleted[m] == set));
        return new Sample(PairDensityTests.Histogram(kept.Select(p => (long)p.Movie), keptMovies.Count),
            PairDensityTests.Histogram(kept.Select(p => (long)p.User), keptUsers.Count), Side(true), Side(false), kept.Count);
    }

    /// <summary>users, movies (with a soft delete when <paramref name="byState"/>) and ratings(user_id, movie_id), the
    /// movie's fan-out per side of its state when <paramref name="byState"/>.</summary>
    public DatabaseProfile Profile(bool byState)
    {
        static FanOutStatistics Stats(FanOutBin[] h) => FanOut(0, [.. h.Select(b => (b.Children, b.Parents))]);
        static StateFanOut Side(FanOutBin[] h)
        {
            var s = Stats(h);
            return new StateFanOut { ParentRows = s.ParentRows, ChildRows = s.ChildRows, Mean = s.Mean, Max = s.Max, Histogram = s.Histogram };
        }

        var users = Table("users", Users, [Id()]);
        var movies = Table("movies", Movies, [Id()]);
        var movieStats = Stats(PerMovie());
        if (byState)
        {
            movies = Table("movies", Movies, [Id(), Column("deleted_at", "datetime", ColumnCategory.DateTime,
                new DateTimeDistribution { HasTime = true, Quantiles = ["2021-01-01T00:00:00", "2022-01-01T00:00:00"] }, nullable: true)])
                with
            {
                RowState = new RowStateProfile { Column = "deleted_at", Fraction = (double)Deleted.Count(d => d) / Movies, Columns = [] },
            };
            movieStats = movieStats with
            {
                ByParentState = new ParentStateFanOuts { Column = "deleted_at", Set = Side(PerMovieSide(true)), Unset = Side(PerMovieSide(false)) },
            };
        }

        var ratings = Table("ratings", Pairs.Count, [Int("user_id"), Int("movie_id")], primaryKey: ["user_id", "movie_id"],
            foreignKeys: [Fk("fk_user", "user_id", "users", stats: Stats(PerUser())), Fk("fk_movie", "movie_id", "movies", stats: movieStats)]);
        return Database(users, movies, ratings);
    }

    private static double Normal(Random rnd) => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
}
