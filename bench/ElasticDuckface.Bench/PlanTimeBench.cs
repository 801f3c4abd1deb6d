using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Bench;

/// <summary>
/// Issue 14's "planning stays under a second for a 100-table profile": every table scaled by ratio^depth (depth: its
/// longest foreign-key path from a table without parents), so every child grows ×ratio against each parent one level up;
/// then the plan (<see cref="GenerationPlanner.Plan"/>, the <c>--dry-run</c> text) and the growth model's reference of every
/// foreign key (<see cref="FanOutReference.For"/> at the plan's counts, what the generator allocates against), timed in
/// process CPU seconds (the machine may be shared; CPU time is what the goal is about).
/// </summary>
internal static class PlanTimeBench
{
    public static async Task RunAsync(IReadOnlyList<string> profilePaths, double ratio, int repeat)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"# Planning time, every child ×{ratio} against its parent ({repeat} runs, the fastest shown)"));
        Console.WriteLine();
        Console.WriteLine("| profile | tables | FKs grown | largest histogram (bins) | plan + dry-run CPU s | growth references CPU s "
            + "| total CPU s | total wall s | slowest FK (CPU s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var path in profilePaths)
        {
            var profile = await ProfileSerializer.ReadAsync(path).ConfigureAwait(false);
            var scales = Depths(profile).ToDictionary(kv => kv.Key, kv => Math.Pow(ratio, kv.Value), StringComparer.Ordinal);
            var options = new ScaleOptions { TableScales = scales, Seed = 0 };
            var best = (Plan: double.MaxValue, References: double.MaxValue, Fks: 0, Bins: 0, Slowest: "", SlowestCpu: 0.0, Wall: 0.0);
            for (var run = 0; run < repeat; run++)
            {
                var wall = Stopwatch.StartNew();
                var before = Cpu();
                var plan = GenerationPlanner.Plan(profile, options);
                _ = plan.Describe();
                var planned = Cpu();
                var (fks, bins, slowest, slowestCpu) = References(profile, plan);
                var done = Cpu();
                if (done - before < best.Plan + best.References)
                    best = (planned - before, done - planned, fks, bins, slowest, slowestCpu, wall.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(inv,
                $"| {Path.GetFileName(path)} | {profile.Tables.Count} | {best.Fks} | {best.Bins} | {best.Plan:0.000} | "
                + $"{best.References:0.000} | **{best.Plan + best.References:0.000}** | {best.Wall:0.000} | "
                + $"{best.Slowest} ({best.SlowestCpu:0.000}) |"));
        }

        Console.WriteLine();
        Console.WriteLine(Environment.ProcessorCount.ToString(inv) + " cores; one thread: each foreign key's estimators one after the "
            + "other (the negative binomial, the smooth law, then the NPMLE, given up once the BIC has clearly ruled it out).");
        Console.WriteLine();
        if (Environment.GetEnvironmentVariable("DUCKFACE_BENCH_ESTIMATORS") == "1")
            Estimators(profilePaths[^1], ratio);
    }

    // where the growth model's time goes: each estimator alone on every foreign key of the profile, grown ×ratio
    private static void Estimators(string path, double ratio)
    {
        var profile = ProfileSerializer.ReadAsync(path).GetAwaiter().GetResult();
        double npmle = 0, nb = 0, smooth = 0;
        var iterations = 0L;
        foreach (var fk in profile.Tables.SelectMany(t => t.ForeignKeys).Where(f => f.Stats is { Histogram.Count: > 0 }))
        {
            var bins = fk.Stats!.Histogram.Select(b => (b.Children, b.Parents)).ToList();
            var t0 = Cpu();
            _ = BinomialThinning.DeconvolveWithLikelihood(bins, 1 / ratio);
            var t1 = Cpu();
            _ = NegativeBinomialFit.Fit([.. bins.Select(b => (b.Children, (double)b.Parents))]);
            var t2 = Cpu();
            _ = SmoothDeconvolution.Fit(bins, 1 / ratio);
            var t3 = Cpu();
            (npmle, nb, smooth) = (npmle + t1 - t0, nb + t2 - t1, smooth + t3 - t2);
            iterations++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(path)}, {iterations} FKs: NPMLE {npmle:0.000} s, negative binomial {nb:0.000} s, "
            + $"smooth {smooth:0.000} s (CPU)"));
    }

    // the reference of every foreign key with a histogram, at the plan's parent rows and the child rows that reference
    private static (int Fks, int Bins, string Slowest, double SlowestCpu) References(DatabaseProfile profile, GenerationPlan plan)
    {
        var (fks, bins, slowest, slowestCpu) = (0, 0, "", 0.0);
        foreach (var t in profile.Tables)
        {
            foreach (var fk in t.ForeignKeys.Where(f => f.Stats is { Histogram.Count: > 0 }))
            {
                var stats = fk.Stats!;
                var parents = plan.Find(fk.ReferencedTable)?.TargetRows ?? 0;
                var rows = plan.Find(t.Name)?.TargetRows ?? 0;
                var children = (long)Math.Round(rows * (1 - stats.NullFraction));
                var before = Cpu();
                _ = FanOutReference.For(stats.Histogram, parents, children);
                var cpu = Cpu() - before;
                fks++;
                bins = Math.Max(bins, stats.Histogram.Count);
                if (cpu > slowestCpu)
                    (slowest, slowestCpu) = ($"{t.Name}→{fk.ReferencedTable}", cpu);
            }
        }

        return (fks, bins, slowest, slowestCpu);
    }

    // longest foreign-key path from a table without parents (self-references and cycles left out)
    private static Dictionary<string, int> Depths(DatabaseProfile profile)
    {
        var byName = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Of(string name, HashSet<string> path)
        {
            if (depth.TryGetValue(name, out var d))
                return d;
            if (!path.Add(name))
                return 0;
            var parents = byName[name].ForeignKeys.Select(f => f.ReferencedTable)
                .Where(p => !string.Equals(p, name, StringComparison.Ordinal) && byName.ContainsKey(p)).ToList();
            d = parents.Count == 0 ? 0 : 1 + parents.Max(p => Of(p, path));
            path.Remove(name);
            return depth[name] = d;
        }

        foreach (var t in profile.Tables)
            Of(t.Name, new HashSet<string>(StringComparer.Ordinal));
        return depth;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
