using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling;

/// <summary>
/// Issue 14, busy parents: a parent busy in one child table is busy in the other. The ground truth: 2,000 parents with a
/// latent rate λ ~ lognormal(0.5, 0.9), children <c>a</c> ~ Poisson(λ) and <c>b</c> ~ Poisson(2λ), and <c>c</c> ~
/// Poisson(1) whatever λ (a key that must not be recorded).
/// </summary>
public sealed class BusyParentsTests
{
    /// <summary>Builds the ground truth at <paramref name="path"/>.</summary>
    internal static async Task BuildAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path}");
        await c.OpenAsync();
        await c.ExecuteAsync("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);
            CREATE TABLE a (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
            CREATE TABLE b (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
            CREATE TABLE c (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
            """);
        await using var tx = await c.BeginTransactionAsync();
        var rnd = new Random(14);
        for (var p = 1; p <= 2000; p++)
        {
            var lambda = Math.Exp(0.5 + (0.9 * Normal(rnd)));
            await c.ExecuteAsync("INSERT INTO parent VALUES (@p, @name)", new { p, name = "parent-" + p }, tx);
            foreach (var (table, rate) in new[] { ("a", lambda), ("b", 2 * lambda), ("c", 1.0) })
            {
                for (var k = Poisson(rnd, rate); k > 0; k--)
                    await c.ExecuteAsync($"INSERT INTO {table} (parent_id) VALUES (@p)", new { p }, tx);
            }
        }

        await tx.CommitAsync();
    }

    /// <summary>Spearman's ρ of the parents' fan-outs under two child tables, counted by a LEFT JOIN of the database.</summary>
    private static async Task<double> RhoAsync(string path, string first, string second)
    {
        await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        async Task<long[]> Counts(string child) => [.. await c.QueryAsync<long>(
            $"SELECT COUNT(x.id) FROM parent p LEFT JOIN {child} x ON x.parent_id = p.id GROUP BY p.id ORDER BY p.id")];
        var rho = RankCorrelation.Spearman(await Counts(first), await Counts(second));
        SqliteConnection.ClearAllPools();
        return rho;
    }

    [Fact]
    public async Task Issue14_a_busy_parent_stays_busy_at_x1_and_with_children_x5()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = dir.File("truth.db");
        await BuildAsync(source);
        var truth = await RhoAsync(source, "a", "b");
        Assert.InRange(truth, 0.5, 0.8);
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(source), new ProfileSettings());
        SqliteConnection.ClearAllPools();

        // the one pair recorded, at the database's own ρ; c's pairs are chance (|ρ| under 3/√1999 = 0.067) and left out
        var pair = Assert.Single(profile.Tables.Single(t => t.Name == "parent").ChildFanOutCorrelations);
        Assert.Equal(("a", "b"), (pair.First.Table, pair.Second.Table));
        Assert.Equal(truth, pair.Spearman, 9);
        Assert.All(profile.Tables.Where(t => t.Name != "parent"), t => Assert.Empty(t.ChildFanOutCorrelations));

        foreach (var factor in (double[])[1, 5])
        {
            var target = dir.File($"x{factor}.db");
            var scale = new ScaleOptions
            {
                Seed = 1, TableScales = new Dictionary<string, double> { ["a"] = factor, ["b"] = factor, ["c"] = factor },
            };
            var outcome = await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = scale, Target = target });
            SqliteConnection.ClearAllPools();
            Assert.Equal(2000, outcome.Plan.Find("parent")!.TargetRows);
            var generated = await RhoAsync(target, "a", "b");
            Assert.InRange(generated, truth - 0.1, truth + 0.1);
            Assert.InRange(await RhoAsync(target, "a", "c"), -0.1, 0.1);

            // verify measures the same pair in the target and says it holds
            var verified = await VerifyRun.RunAsync(profile, DatabaseLocation.Parse(target), new VerifyOptions { Plan = outcome.Plan });
            SqliteConnection.ClearAllPools();
            var busy = Assert.Single(verified.Report.Tables.Single(t => t.Name == "parent").ChildFanOutCorrelations);
            Assert.Equal(generated, busy.Spearman.Target, 9);
            Assert.Equal(MetricStatus.Ok, busy.Status);
            Assert.DoesNotContain(verified.Report.Problems, p => p.Check == FidelityCheck.ChildFanOutCorrelation);
        }
    }

    [Fact]
    public async Task Hidden_sizes_keep_the_rank_correlation_and_differential_privacy_drops_it()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = dir.File("truth.db");
        await BuildAsync(source);
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(source), new ProfileSettings());
        SqliteConnection.ClearAllPools();
        var pairs = profile.Tables.Single(t => t.Name == "parent").ChildFanOutCorrelations;
        Assert.NotEmpty(pairs);

        // kept, written to 2 significant digits as every fraction of a hidden-size profile is (more digits could give n back)
        var hidden = Privacy.SizeHiding.Hide(profile, new Privacy.SizeNoise(0.1, 7));
        var kept = Assert.Single(hidden.Tables.Single(t => t.Name == "parent").ChildFanOutCorrelations);
        Assert.True(kept.Names(pairs[0].First, pairs[0].Second));
        Assert.Equal(Math.Round(pairs[0].Spearman, 2), kept.Spearman);
        var noisy = Privacy.DifferentialPrivacy.Apply(profile, new Privacy.DifferentialPrivacyOptions(1, null, 1));
        Assert.All(noisy.Tables, t => Assert.Empty(t.ChildFanOutCorrelations));
        Assert.DoesNotContain("childFanOutCorrelations", ProfileSerializer.Serialize(noisy), StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_key_counts_halve_their_sample_consistently_past_the_limit()
    {
        var small = new ParentKeyCounts(limit: 100);
        var other = new ParentKeyCounts(limit: 1000);
        for (var k = 0; k < 1000; k++)
        {
            small.Add("k" + k, 1 + (k % 3));
            other.Add("k" + k, 1);
        }

        Assert.InRange(small.Counts.Count, 1, 100);
        Assert.True(small.Level >= 3, $"level {small.Level}");
        Assert.Equal(0, other.Level);
        // at the same level both keep exactly the same parents
        Assert.Equal(small.Counts.Keys.Order(), other.At(small.Level).Keys.Order());
    }

    private static double Normal(Random rnd) =>
        Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());

    private static int Poisson(Random rnd, double rate)
    {
        // Knuth: exact, and quick for the rates here (λ under 100)
        var limit = Math.Exp(-rate);
        var k = 0;
        for (var p = rnd.NextDouble(); p > limit; p *= rnd.NextDouble())
            k++;
        return k;
    }
}
