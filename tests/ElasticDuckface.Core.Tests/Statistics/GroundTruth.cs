using ElasticDuckface.Profiles;

namespace ElasticDuckface.Core.Tests.Statistics;

/// <summary>
/// Fan-out ground truths we control: a known per-parent model gives the full database's histogram, and thinning every
/// child with probability 1/r gives what a sample along another dimension would profile.
/// </summary>
public sealed record GroundTruth(string Name, FanOutBin[] Truth)
{
    public static IEnumerable<GroundTruth> All(int seed)
    {
        var rnd = new Random(seed);
        yield return new("Poisson(3)", Draw(4000, () => Poisson(rnd, 3)));
        yield return new("negative binomial (shape 0.7, mean 4)", Draw(4000, () => Poisson(rnd, Gamma(rnd, 0.7, 4 / 0.7))));
        yield return new("one-to-one", Draw(4000, () => 1));
        yield return new("heavy tail (discretised lognormal μ 1.5, σ 1.2)",
            Draw(4000, () => (long)Math.Floor(Math.Exp(1.5 + 1.2 * Normal(rnd)))));
        yield return new("zero-inflated (40% none, else Poisson(2))", Draw(4000, () => rnd.NextDouble() < 0.4 ? 0 : Poisson(rnd, 2)));
        yield return new("sparse (Poisson(0.6))", Draw(4000, () => Poisson(rnd, 0.6)));
        yield return new("few big parents (25, gamma-Poisson mean 140)", Draw(25, () => Poisson(rnd, Gamma(rnd, 1.5, 140 / 1.5))));
        // order lines per product of the groundtruth bench: a fifth never sold, the rest by a heavy lognormal popularity
        yield return new("zero-inflated heavy tail (20% none, else Poisson(8·lognormal σ 1.5))",
            Draw(1500, () => rnd.NextDouble() < 0.2 ? 0 : Poisson(rnd, 8 * Math.Exp(1.5 * Normal(rnd)))));
    }

    /// <summary>Every child kept with probability <paramref name="keep"/>, the parents all kept.</summary>
    public FanOutBin[] Thin(double keep, int seed)
    {
        var rnd = new Random(seed);
        var counts = new SortedDictionary<long, long>();
        foreach (var b in Truth)
        {
            for (long p = 0; p < b.Parents; p++)
            {
                long kept = 0;
                for (long c = 0; c < b.Children; c++)
                {
                    if (rnd.NextDouble() < keep)
                        kept++;
                }

                counts[kept] = counts.GetValueOrDefault(kept) + 1;
            }
        }

        return [.. counts.Select(kv => new FanOutBin(kv.Key, kv.Value))];
    }

    public long Parents => Truth.Sum(b => b.Parents);

    public long Children => Truth.Sum(b => b.Children * b.Parents);

    public override string ToString() => Name;

    private static FanOutBin[] Draw(int parents, Func<long> fanOut) =>
        [.. Enumerable.Range(0, parents).Select(_ => fanOut()).GroupBy(k => k).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key,
            g.LongCount()))];

    private static long Poisson(Random rnd, double mean)
    {
        if (mean > 50)
            return Math.Max(0, (long)Math.Round(mean + Math.Sqrt(mean) * Normal(rnd)));
        var limit = Math.Exp(-mean);
        long k = 0;
        for (var p = rnd.NextDouble(); p > limit; p *= rnd.NextDouble())
            k++;
        return k;
    }

    private static double Normal(Random rnd) => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());

    // Marsaglia–Tsang, with the shape < 1 boost
    private static double Gamma(Random rnd, double shape, double scale)
    {
        if (shape < 1)
            return Gamma(rnd, shape + 1, scale) * Math.Pow(rnd.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal(rnd);
            var v = Math.Pow(1 + c * x, 3);
            if (v > 0 && Math.Log(1 - rnd.NextDouble()) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v * scale;
        }
    }
}
