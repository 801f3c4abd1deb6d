using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Generation;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Bench;

/// <summary>
/// The fidelity cost of <c>profile --epsilon</c> (issue 9): for each ε (and ∞, no noise) and each dp seed, noise the
/// source's exact profile, generate ×1 from it and measure against the exact profile: fan-out KS of the noisy profile
/// itself and of the generated database (raw histograms), verify's column distances of the generated database, and the
/// hard checks of the generated database against its own (noisy) profile. Markdown on stdout; see docs/privacy.md.
/// </summary>
internal static class DpCurveBench
{
    private static readonly double[] Epsilons = [0.1, 0.5, 1, 2, 5, double.PositiveInfinity];

    public static async Task RunAsync(IReadOnlyList<string> sources, int seeds, string? delta)
    {
        var inv = CultureInfo.InvariantCulture;
        var dir = Directory.CreateTempSubdirectory("duckface-dpcurve-").FullName;
        try
        {
            foreach (var source in sources)
                await SourceAsync(source, seeds, delta is null ? null : double.Parse(delta, inv), dir).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task SourceAsync(string source, int seeds, double? delta, string dir)
    {
        var inv = CultureInfo.InvariantCulture;
        var path = source;
        if (source.EndsWith(".json", StringComparison.Ordinal))
        {
            // a profile: its generated database (×1, seed 0) is the source
            path = Path.Combine(dir, Path.GetFileNameWithoutExtension(source) + "-source.db");
            var example = await ProfileSerializer.ReadAsync(source).ConfigureAwait(false);
            await FidelityBench.GenerateAsync(example, GenerationPlanner.Plan(example, new ScaleOptions()), path).ConfigureAwait(false);
        }

        var exact = await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings()).ConfigureAwait(false);
        var fks = exact.Tables.SelectMany(t => t.ForeignKeys.Where(f => f.Stats is not null).Select(f => (Table: t.Name, Fk: f))).ToList();
        Console.WriteLine(string.Create(inv, $"## {Path.GetFileName(source)}: {exact.Tables.Count} tables, {fks.Count} foreign keys, "
            + $"{exact.Tables.Sum(t => t.RowCount)} rows; {(delta is null ? "Laplace" : $"Gaussian, δ = {delta}")}, dp seeds 1–{seeds}"));
        Console.WriteLine();
        Console.WriteLine("| ε | fan-out KS, profile (mean / max) | fan-out KS, generated (mean / max) | column distance, generated (mean / max) "
            + "| row count error (median) | hard checks failed |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var epsilon in Epsilons)
        {
            var runs = double.IsPositiveInfinity(epsilon) ? 1 : seeds;
            var rows = new List<(double, double, double, double, double, double, double, int)>();
            for (var seed = 1; seed <= runs; seed++)
            {
                var noisy = double.IsPositiveInfinity(epsilon)
                    ? exact
                    : DifferentialPrivacy.Apply(exact, new DifferentialPrivacyOptions(epsilon, delta, seed));
                var plan = GenerationPlanner.Plan(noisy, new ScaleOptions());
                var target = Path.Combine(dir, string.Create(inv, $"e{epsilon}-s{seed}.db"));
                await FidelityBench.GenerateAsync(noisy, plan, target).ConfigureAwait(false);
                var own = await FidelityBench.VerifyAsync(noisy, target, plan).ConfigureAwait(false);
                var measured = await Profiler.ProfileAsync(DatabaseLocation.Parse(target), exact.Settings).ConfigureAwait(false);
                var truth = await FidelityBench.VerifyAsync(exact, target, null).ConfigureAwait(false);
                var profileKs = fks.Select(f => FanOutDistance.KolmogorovSmirnov(f.Fk.Stats!.Histogram,
                    Stats(noisy, f.Table, f.Fk).Histogram)).ToList();
                var generatedKs = fks.Select(f => FanOutDistance.KolmogorovSmirnov(f.Fk.Stats!.Histogram,
                    Stats(measured, f.Table, f.Fk).Histogram))
                    .ToList();
                var columns = truth.Tables.SelectMany(t => t.Columns).Select(c => c.Distance).DefaultIfEmpty().ToList();
                var sizeErrors = exact.Tables.Where(t => t.RowCount > 0)
                    .Select(t => Math.Abs(noisy.Tables.Single(n => n.Name == t.Name).RowCount - t.RowCount) / (double)t.RowCount).Order().ToList();
                rows.Add((Mean(profileKs), Max(profileKs), Mean(generatedKs), Max(generatedKs), columns.Average(), columns.Max(),
                    sizeErrors.Count == 0 ? 0 : sizeErrors[sizeErrors.Count / 2], own.HardChecksFailed));
                File.Delete(target);
            }

            var label = double.IsPositiveInfinity(epsilon) ? "∞ (no noise)" : epsilon.ToString(inv);
            Console.WriteLine(string.Create(inv, $"| {label} | {rows.Average(r => r.Item1):0.000} / {rows.Average(r => r.Item2):0.000} "
                + $"| {rows.Average(r => r.Item3):0.000} / {rows.Average(r => r.Item4):0.000} | {rows.Average(r => r.Item5):0.000} / "
                + $"{rows.Average(r => r.Item6):0.000} | {rows.Average(r => r.Item7):P1} | {rows.Sum(r => r.Item8)} |"));
        }

        Console.WriteLine();
    }

    private static FanOutStatistics Stats(DatabaseProfile profile, string table, ForeignKeyProfile fk) =>
        profile.Tables.Single(t => t.Name == table).ForeignKeys.Single(f => f.Name == fk.Name).Stats!;

    private static double Mean(List<double> xs) => xs.Count == 0 ? 0 : xs.Average();

    private static double Max(List<double> xs) => xs.Count == 0 ? 0 : xs.Max();
}
