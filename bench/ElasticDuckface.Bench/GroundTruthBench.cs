using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Sampling;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Bench;

/// <summary>
/// Issue 14's sample → ×10 experiment on databases drawn from a known model (<see cref="GroundTruthDatabase"/>): D is
/// built, sampled 10% along its one root dimension (<see cref="SampleOptions.Roots"/>; every other table kept whole),
/// the sample profiled and grown back with every sampled table at D's true size, under <c>--growth sample</c> and
/// <c>--growth stretch</c>, and both compared with D (<see cref="GrowthComparison"/>). Markdown on stdout; docs/fidelity.md.
/// </summary>
internal static class GroundTruthBench
{
    public static async Task RunAsync(int customers, IReadOnlyList<int> seeds, double fraction, string? outDir, int minCount,
        bool minChildrenFromD = false)
    {
        var inv = CultureInfo.InvariantCulture;
        var dir = outDir ?? Directory.CreateTempSubdirectory("duckface-groundtruth-").FullName;
        Directory.CreateDirectory(dir);
        var settings = new ProfileSettings { MinCount = minCount };
        var progress = new Progress<string>(_ => { });
        var summaries = new List<GrowthSummary>();
        Console.WriteLine(string.Create(inv,
            $"# Ground truth: {customers} customers, sample {fraction:0.###} along `{GroundTruthDatabase.Root}`, grown back ×{1 / fraction:0.###} at D's true sizes (k = {minCount})"));
        Console.WriteLine();
        foreach (var seed in seeds)
        {
            var dPath = Path.Combine(dir, string.Create(inv, $"truth-{seed}.db"));
            Console.Error.WriteLine($"building the ground truth (seed {seed}) → {dPath}");
            GroundTruthDatabase.Build(dPath, customers, seed);
            var d = DatabaseLocation.Parse(dPath);
            var profileD = await Profiler.ProfileAsync(d, settings, progress).ConfigureAwait(false);
            var sizesD = await GrowthComparison.QuerySizesAsync(dPath, GroundTruthDatabase.Queries).ConfigureAwait(false);

            var samplePath = Path.Combine(dir, string.Create(inv, $"sample-{seed}.db"));
            var roots = new HashSet<string>(StringComparer.Ordinal) { GroundTruthDatabase.Root };
            // one dimension and no closure into it: every kept row's inclusion probability is n / N, no replicates needed
            var sample = await ForeignKeySampler.SampleAsync(d, samplePath,
                new SampleOptions { Fraction = fraction, Seed = seed, Roots = roots, Replicates = 0 }).ConfigureAwait(false);
            var profileS = await Profiler.ProfileAsync(DatabaseLocation.Parse(samplePath), GrowthComparison.SampleSettings(settings),
                progress).ConfigureAwait(false);
            profileS = FidelityBench.DeclareMinimums(profileS, profileD, new Dictionary<string, int>(), minChildrenFromD);
            var sizesS = await GrowthComparison.QuerySizesAsync(samplePath, GroundTruthDatabase.Queries).ConfigureAwait(false);
            var scales = sample.Tables.Where(t => t.Role is SampleRole.Root or SampleRole.Child && t.Rows > 0)
                .ToDictionary(t => t.Name, t => (double)t.SourceRows / t.Rows, StringComparer.Ordinal);
            var options = new ScaleOptions { Scale = 1 / fraction, Keep = sample.KeptWhole, TableScales = scales, Seed = seed };
            var grown = await GrowthComparison.GrowAsync(profileS, options, Path.Combine(dir, string.Create(inv, $"grown-{seed}.db")),
                settings, GroundTruthDatabase.Queries).ConfigureAwait(false);
            var stretch = await GrowthComparison.GrowAsync(profileS, options with { Growth = FanOutGrowth.Stretch },
                Path.Combine(dir, string.Create(inv, $"grown-{seed}-stretch.db")), settings, GroundTruthDatabase.Queries).ConfigureAwait(false);

            Console.WriteLine(string.Create(inv, $"## Seed {seed} (model and sample; PRAGMA foreign_key_check on D′: {sample.ForeignKeyViolations})"));
            Console.WriteLine();
            Console.WriteLine("| table | role | D rows | D′ rows | generated rows (sample) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            foreach (var t in sample.Tables)
                Console.WriteLine(string.Create(inv, $"| {t.Name} | {(t.Follows is null ? t.Role.ToString() : "follows " + t.Follows)} | {t.SourceRows} | "
                    + $"{t.Rows} | {grown.Plan.Find(t.Name)!.TargetRows} |"));
            Console.WriteLine();
            summaries.Add(GrowthComparison.Print(string.Create(inv, $"ground truth, seed {seed}"), profileD, profileS, sizesD, sizesS,
                grown, stretch,
                GroundTruthDatabase.Queries));
        }

        Console.WriteLine("## Summary");
        Console.WriteLine();
        GrowthComparison.PrintSummaries(summaries);
        Console.Error.WriteLine($"files in {dir}");
    }
}
