using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Bench;

/// <summary>A query whose result size (COUNT(*) of its result) is compared between D and a generated database.</summary>
internal sealed record BenchQuery(string Name, string Sql);

/// <summary>A database generated from the sample's profile under one growth model, measured.</summary>
internal sealed record GrownDatabase(FanOutGrowth Growth, GenerationPlan Plan, string Path, DatabaseProfile Measured,
    IReadOnlyDictionary<string, long> QuerySizes);

/// <summary>The goal figures of one sample → grow-back experiment, per growth model.</summary>
internal sealed record GrowthSummary(string Case, double WorstKsSample, double WorstKsStretch, double MedianSample, double MedianStretch,
    double P90Sample, double P90Stretch, string WorstFkSample);

/// <summary>
/// The sample → grow-back experiment's measurement, written once for Chinook and the ground truths: generate from the
/// sample's profile with <c>--growth sample</c> and <c>--growth stretch</c>, and compare each with the full database D
/// (every foreign key's fan-out KS, raw histograms; the relative errors of a set of query result sizes, their median and
/// 90th percentile).
/// </summary>
internal static class GrowthComparison
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The settings D′ is profiled with: D's, with the fan-out clusters measured (<see cref="ProfileSettings.FanOutClusters"/>,
    /// ADR 0006 "Clustered thinning") unless <c>DUCKFACE_BENCH_CLUSTERS=0</c>, which gives the independent thinning (before).
    /// </summary>
    public static ProfileSettings SampleSettings(ProfileSettings settings) =>
        settings with { FanOutClusters = Environment.GetEnvironmentVariable("DUCKFACE_BENCH_CLUSTERS") != "0" };

    /// <summary>Generates <paramref name="profile"/> under <paramref name="options"/> into <paramref name="path"/>,
    /// profiles the result with <paramref name="settings"/> and runs the queries on it.</summary>
    public static async Task<GrownDatabase> GrowAsync(DatabaseProfile profile, ScaleOptions options, string path, ProfileSettings settings,
        IReadOnlyList<BenchQuery> queries)
    {
        var plan = GenerationPlanner.Plan(profile, options);
        Console.Error.WriteLine($"generating ({options.Growth}) → {path}");
        await FidelityBench.GenerateAsync(profile, plan, path).ConfigureAwait(false);
        var measured = await Profiler.ProfileAsync(DatabaseLocation.Parse(path), settings,
            new Progress<string>(_ => { })).ConfigureAwait(false);
        return new GrownDatabase(options.Growth, plan, path, measured, await QuerySizesAsync(path, queries).ConfigureAwait(false));
    }

    /// <summary>Prints the per-FK and per-query tables (Markdown) and returns the goal figures.</summary>
    public static GrowthSummary Print(string name, DatabaseProfile profileD, DatabaseProfile profileS,
        IReadOnlyDictionary<string, long> sizesD,
        IReadOnlyDictionary<string, long> sizesS, GrownDatabase sample, GrownDatabase stretch, IReadOnlyList<BenchQuery> queries)
    {
        // the childless shares show the error a sample along another dimension cannot resolve (docs/fidelity.md, session 12)
        Console.WriteLine("| foreign key | r (D′ → gen) | D mean | D′ mean | childless D / D′ / sample | KS D′ vs D | KS sample | "
            + "KS stretch |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        double worstSample = 0, worstStretch = 0;
        var worstFk = "";
        foreach (var (table, fk) in ForeignKeys(profileD))
        {
            var moving = sample.Plan.MovingFanOuts.FirstOrDefault(m => m.Table == table && m.ForeignKey == fk.Name);
            var s = FindStats(profileS, table, fk);
            var ksS = s is null ? double.NaN : FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, s.Histogram);
            var generated = FindStats(sample.Measured, table, fk);
            var a = Ks(fk, generated);
            var b = Ks(fk, FindStats(stretch.Measured, table, fk));
            if (a > worstSample)
                (worstSample, worstFk) = (a, $"{table}→{fk.ReferencedTable}");
            worstStretch = Math.Max(worstStretch, b);
            Console.WriteLine(string.Create(Inv, $"| {FkName(table, fk)} | {(moving is null ? "1" : moving.Ratio.ToString("0.###", Inv))} | "
                + $"{fk.Stats!.Mean:0.###} | {s?.Mean:0.###} | {Childless(fk.Stats)} / {Childless(s)} / {Childless(generated)} | "
                + $"{ksS:0.000} | {a:0.000} | {b:0.000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| query | D | D′ | sample | error | stretch | error |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var errorsSample = new List<double>();
        var errorsStretch = new List<double>();
        foreach (var q in queries.Where(q => sizesD.GetValueOrDefault(q.Name) > 0))
        {
            var dn = sizesD[q.Name];
            var a = sample.QuerySizes.GetValueOrDefault(q.Name);
            var b = stretch.QuerySizes.GetValueOrDefault(q.Name);
            var ea = Math.Abs(a - dn) / (double)dn;
            var eb = Math.Abs(b - dn) / (double)dn;
            errorsSample.Add(ea);
            errorsStretch.Add(eb);
            Console.WriteLine(string.Create(Inv, $"| {q.Name} | {dn} | {sizesS.GetValueOrDefault(q.Name)} | {a} | {ea:P1} | {b} | {eb:P1} |"));
        }

        var summary = new GrowthSummary(name, worstSample, worstStretch, Median(errorsSample), Median(errorsStretch),
            Percentile(errorsSample, 0.9), Percentile(errorsStretch, 0.9), worstFk);
        Console.WriteLine();
        Console.WriteLine("| | sample | stretch | goal |");
        Console.WriteLine("|---|---:|---:|---|");
        Console.WriteLine(string.Create(Inv, $"| worst fan-out KS | **{summary.WorstKsSample:0.000}** ({worstFk}) | {summary.WorstKsStretch:0.000} | ≤ 0.15 |"));
        Console.WriteLine(string.Create(Inv, $"| median query-size error | **{summary.MedianSample:P1}** | {summary.MedianStretch:P1} | ≤ 10% |"));
        Console.WriteLine(string.Create(Inv, $"| 90th percentile query-size error | **{summary.P90Sample:P1}** | {summary.P90Stretch:P1} | ≤ 25% |"));
        Console.WriteLine();
        return summary;
    }

    /// <summary>One line per case: the goal figures side by side.</summary>
    public static void PrintSummaries(IReadOnlyList<GrowthSummary> summaries)
    {
        Console.WriteLine("| case | worst fan-out KS sample / stretch | median error sample / stretch | p90 error sample / stretch | goals (sample) |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach (var s in summaries)
        {
            var met = s.WorstKsSample <= 0.15 && s.MedianSample <= 0.10 && s.P90Sample <= 0.25;
            Console.WriteLine(string.Create(Inv, $"| {s.Case} | {s.WorstKsSample:0.000} ({s.WorstFkSample}) / {s.WorstKsStretch:0.000} | "
                + $"{s.MedianSample:P1} / {s.MedianStretch:P1} | {s.P90Sample:P1} / {s.P90Stretch:P1} | {(met ? "met" : "**not met**")} |"));
        }

        Console.WriteLine();
    }

    /// <summary>Each query's result size on the SQLite database at <paramref name="path"/>; a query that fails is left out.</summary>
    public static async Task<Dictionary<string, long>> QuerySizesAsync(string path, IReadOnlyList<BenchQuery> queries)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString;
        await using var c = new SqliteConnection(cs);
        await c.OpenAsync().ConfigureAwait(false);
        foreach (var q in queries)
        {
            try
            {
                sizes[q.Name] = await c.ExecuteScalarAsync<long>(q.Sql).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                // the query does not apply to this database's schema
            }
        }

        return sizes;
    }

    public static IEnumerable<(string Table, ForeignKeyProfile Fk)> ForeignKeys(DatabaseProfile profile) =>
        profile.Tables.OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.ForeignKeys.Where(f => f.Stats is not null).OrderBy(f => f.Name,
                StringComparer.Ordinal).Select(f => (t.Name, f)));

    public static FanOutStatistics? FindStats(DatabaseProfile profile, string table, ForeignKeyProfile fk) =>
        profile.Tables.FirstOrDefault(t => t.Name == table)?.ForeignKeys
            .FirstOrDefault(f => f.Columns.SequenceEqual(fk.Columns, StringComparer.Ordinal) && f.ReferencedTable == fk.ReferencedTable)?.Stats;

    public static string FkName(string table, ForeignKeyProfile fk) => $"{table}.{string.Join(",", fk.Columns)} → {fk.ReferencedTable}";

    // nearest rank
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static double Median(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var m = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    // the share of parents without a child, from the histogram
    private static string Childless(FanOutStatistics? stats)
    {
        var parents = stats?.Histogram.Sum(b => (double)b.Parents) ?? 0;
        return parents > 0
            ? (stats!.Histogram.Where(b => b.Children == 0).Sum(b => (double)b.Parents) / parents).ToString("0.000", Inv)
            : "n/a";
    }

    private static double Ks(ForeignKeyProfile fk, FanOutStatistics? generated) =>
        generated is null ? 1 : FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, generated.Histogram);
}
