using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests.Privacy;

public sealed class DifferentialPrivacyTests
{
    private static async Task<DatabaseProfile> ReadAsync(string name) => await ProfileSerializer.ReadAsync(SuiteProfiles.Profile(name));

    public static TheoryData<string, double, double?> Cases => new()
    {
        { "chinook.json", 0.1, null }, { "chinook.json", 1, null }, { "chinook.json", 5, 1e-6 },
        { SuiteProfiles.NovaSynthetic, 0.1, null }, { SuiteProfiles.NovaSynthetic, 1, 1e-6 }, { SuiteProfiles.NovaSynthetic, 5, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Noised_profile_is_consistent_and_reads_back(string name, double epsilon, double? delta)
    {
        var profile = await ReadAsync(name);
        var noisy = DifferentialPrivacy.Apply(profile, new DifferentialPrivacyOptions(epsilon, delta, 7));
        var json = ProfileSerializer.Serialize(noisy);
        var back = ProfileSerializer.Deserialize(json);
        Assert.Equal(epsilon, back.Settings.DifferentialPrivacy!.Epsilon);
        Assert.Equal(delta is null ? "laplace" : "gaussian", back.Settings.DifferentialPrivacy.Mechanism);
        var rows = noisy.Tables.ToDictionary(t => t.Name, t => t.RowCount);
        foreach (var t in noisy.Tables)
        {
            Assert.True(t.RowCount >= 0);
            foreach (var f in t.ForeignKeys.Where(f => f.Stats is not null))
            {
                var s = f.Stats!;
                Assert.All(s.Histogram, b => Assert.True(b.Parents > 0 && b.Children >= 0));
                Assert.Equal(rows[f.ReferencedTable], s.Histogram.Sum(b => b.Parents));
                Assert.Equal(s.ChildRows, s.Histogram.Sum(b => b.Children * b.Parents));
                Assert.True(s.ChildRows <= t.RowCount, $"{t.Name}.{f.Name}: {s.ChildRows} children of {t.RowCount} rows");
                Assert.InRange(s.NullFraction, 0, 1);
                if (s.ByParentState is { } state)
                    Assert.Equal(s.ChildRows, state.Set.ChildRows + state.Unset.ChildRows);
            }

            foreach (var c in t.Columns.Where(c => c.Stats is not null))
            {
                // a key's distinct count is the row count: it must follow the noisy one
                if (c.Stats!.Distribution is SequenceDistribution)
                    Assert.Equal(t.RowCount, c.Stats.DistinctCount);
                Assert.InRange(c.Stats!.NullFraction, 0, 1);
                AssertMonotone(c.Stats.Distribution);
            }
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_profile_and_another_seed_another()
    {
        var profile = await ReadAsync("chinook.json");
        string Noised(long seed) => ProfileSerializer.Serialize(DifferentialPrivacy.Apply(profile,
            new DifferentialPrivacyOptions(1, null, seed)));
        Assert.Equal(Noised(3), Noised(3));
        Assert.NotEqual(Noised(3), Noised(4));
    }

    [Fact]
    public async Task Every_fan_out_bin_and_frequency_moves()
    {
        var profile = await ReadAsync("chinook.json");
        var noisy = DifferentialPrivacy.Apply(profile, new DifferentialPrivacyOptions(1, null, 11));
        var before = profile.Tables.Single(t => t.Name == "Track");
        var after = noisy.Tables.Single(t => t.Name == "Track");
        Assert.NotEqual(before.RowCount, after.RowCount);
        Assert.NotEqual(before.ForeignKeys[0].Stats!.Histogram, after.ForeignKeys[0].Stats!.Histogram);
        var genre = (CategoricalDistribution)before.Columns.Single(c => c.Name == "UnitPrice").Stats!.Distribution;
        var noisyGenre = (CategoricalDistribution)after.Columns.Single(c => c.Name == "UnitPrice").Stats!.Distribution;
        Assert.NotEqual(genre.Values[0].Frequency, noisyGenre.Values[0].Frequency);
    }

    /// <summary>
    /// The mean fan-out KS (noisy against true histogram, over Chinook's 11 foreign keys and seeds 1 to 8) at ε = 0.1, 1, 10
    /// and 100: each is clearly below the one before (measured 0.47, 0.29, 0.13, 0.02 when written: each step at most 0.61 of the last,
    /// asserted 0.8).
    /// </summary>
    [Fact]
    public async Task The_fan_out_distance_to_the_true_distribution_shrinks_as_epsilon_grows()
    {
        var profile = await ReadAsync("chinook.json");
        var fks = profile.Tables.SelectMany(t => t.ForeignKeys.Select(f => (t.Name, f.Name, f.Stats!.Histogram))).ToList();
        double MeanKs(double epsilon) => Enumerable.Range(1, 8).Average(seed =>
        {
            var noisy = DifferentialPrivacy.Apply(profile, new DifferentialPrivacyOptions(epsilon, null, seed));
            return fks.Average(f => FanOutDistance.KolmogorovSmirnov(f.Histogram,
                noisy.Tables.Single(t => t.Name == f.Item1).ForeignKeys.Single(x => x.Name == f.Item2).Stats!.Histogram));
        });
        var curve = new[] { 0.1, 1, 10, 100 }.Select(MeanKs).ToList();
        for (var i = 1; i < curve.Count; i++)
            Assert.True(curve[i] < curve[i - 1] * 0.8, string.Join(", ", curve));
        Assert.True(curve[^1] < 0.05, string.Join(", ", curve));
    }

    [Theory]
    [InlineData(0.01, 1e-9)]
    [InlineData(0.5, 1e-5)]
    [InlineData(1, 1e-6)]
    [InlineData(5, 1e-3)]
    public void Gaussian_sigma_meets_the_analytic_condition_and_beats_the_classical_one(double epsilon, double delta)
    {
        var sigma = NoiseMechanism.GaussianSigma(1, epsilon, delta);
        double Loss(double s) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, 1 / (2 * s) - epsilon * s)
            - Math.Exp(epsilon) * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -1 / (2 * s) - epsilon * s);
        Assert.True(Loss(sigma) <= delta * (1 + 1e-9));
        Assert.True(Loss(sigma * 0.99) > delta);
        if (epsilon < 1)
            Assert.True(sigma <= Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon);
    }

    private static void AssertMonotone(Distribution d)
    {
        IReadOnlyList<double>? q = d switch
        {
            NumericDistribution n => n.Quantiles,
            TextDistribution t => t.Lengths,
            BinaryDistribution b => b.Lengths,
            _ => null,
        };
        if (q is not null)
        {
            for (var i = 1; i < q.Count; i++)
                Assert.True(q[i] >= q[i - 1]);
        }

        if (d is CategoricalDistribution c)
        {
            Assert.All(c.Values, v => Assert.InRange(v.Frequency, 0, 1));
            Assert.InRange(c.Values.Sum(v => v.Frequency) + c.OtherFraction, 0.999, 1.001);
        }
    }
}
