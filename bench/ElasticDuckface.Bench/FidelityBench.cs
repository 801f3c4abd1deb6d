using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Sampling;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Bench;

/// <summary>
/// The evaluation of the dataset-scaling literature (UpSizeR, Dscaler) on a real database D: draw a
/// foreign-key-consistent sample D′ (<see cref="ForeignKeySampler"/>), profile D′, generate ×(1/fraction), and compare
/// with D: every foreign key's fan-out KS (verify's comparer) and the result sizes of a fixed set of join/aggregate
/// queries. Also the direct experiment: D's own profile generated at ×1, ×2.5, ×5. Markdown on stdout; see docs/fidelity.md.
/// </summary>
internal static class FidelityBench
{
    private static readonly double[] DirectScales = [1, 2.5, 5];

    /// <summary>Join/aggregate queries over Chinook; each one's result size is COUNT(*) of its result.</summary>
    internal static readonly BenchQuery[] Queries =
    [
        new("Invoice ⋈ InvoiceLine", "SELECT COUNT(*) FROM Invoice i JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId"),
        new("Customer ⋈ Invoice ⋈ InvoiceLine", "SELECT COUNT(*) FROM Customer c JOIN Invoice i ON i.CustomerId = c.CustomerId JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId"),
        new("InvoiceLine ⋈ Track ⋈ Genre", "SELECT COUNT(*) FROM InvoiceLine l JOIN Track t ON t.TrackId = l.TrackId JOIN Genre g ON g.GenreId = t.GenreId"),
        new("Artist ⋈ Album ⋈ Track", "SELECT COUNT(*) FROM Artist a JOIN Album al ON al.ArtistId = a.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId"),
        new("Playlist ⋈ PlaylistTrack ⋈ Track", "SELECT COUNT(*) FROM Playlist p JOIN PlaylistTrack pt ON pt.PlaylistId = p.PlaylistId JOIN Track t ON t.TrackId = pt.TrackId"),
        new("Customer ⋈ Employee (support rep)", "SELECT COUNT(*) FROM Customer c JOIN Employee e ON e.EmployeeId = c.SupportRepId"),
        new("genres with tracks (GROUP BY)", "SELECT COUNT(*) FROM (SELECT t.GenreId FROM Track t JOIN Genre g ON g.GenreId = t.GenreId GROUP BY t.GenreId)"),
        new("countries with invoice lines (GROUP BY)", "SELECT COUNT(*) FROM (SELECT i.BillingCountry FROM InvoiceLine l JOIN Invoice i ON i.InvoiceId = l.InvoiceId GROUP BY i.BillingCountry)"),
        new("customers with ≥ 5 invoices", "SELECT COUNT(*) FROM (SELECT CustomerId FROM Invoice GROUP BY CustomerId HAVING COUNT(*) >= 5)"),
        new("invoices with ≥ 5 lines", "SELECT COUNT(*) FROM (SELECT InvoiceId FROM InvoiceLine GROUP BY InvoiceId HAVING COUNT(*) >= 5)"),
        new("albums with ≥ 10 tracks", "SELECT COUNT(*) FROM (SELECT AlbumId FROM Track GROUP BY AlbumId HAVING COUNT(*) >= 10)"),
        new("artists with ≥ 2 albums", "SELECT COUNT(*) FROM (SELECT ArtistId FROM Album GROUP BY ArtistId HAVING COUNT(*) >= 2)"),
        new("tracks in ≥ 2 playlists", "SELECT COUNT(*) FROM (SELECT TrackId FROM PlaylistTrack GROUP BY TrackId HAVING COUNT(*) >= 2)"),
        new("tracks never sold (NOT EXISTS)", "SELECT COUNT(*) FROM Track t WHERE NOT EXISTS (SELECT 1 FROM InvoiceLine l WHERE l.TrackId = t.TrackId)"),
    ];

    /// <param name="source">The database D.</param>
    /// <param name="sampleOptions">The sample design.</param>
    /// <param name="outDir">Where D′ and the generated files go (a temporary directory when null).</param>
    /// <param name="minCount">The profiles' k (<see cref="ProfileSettings.MinCount"/>); null for the profiler's default. With
    /// k &gt; 1 the fan-out histograms of the few-parent lookups are coarsened to one bin, for D as for D′ and the generated
    /// database, so their KS measures the coarsening; k = 1 measures the method.</param>
    /// <param name="trueSizes">Grow each sampled table back to D's own row count instead of its Horvitz–Thompson estimate.</param>
    /// <param name="minChildren">Minimum fan-outs declared on the sample's profile, by CHILD.COLUMN.</param>
    /// <param name="minChildrenFromD">Declare D's own least fan-out wherever it is at least 1.</param>
    public static async Task RunAsync(string source, SampleOptions sampleOptions, string? outDir, int? minCount = null,
        bool trueSizes = false, IReadOnlyDictionary<string, int>? minChildren = null, bool minChildrenFromD = false)
    {
        var (fraction, seed) = (sampleOptions.Fraction, sampleOptions.Seed);
        var inv = CultureInfo.InvariantCulture;
        var dir = outDir ?? Directory.CreateTempSubdirectory("duckface-fidelity-").FullName;
        Directory.CreateDirectory(dir);
        var d = DatabaseLocation.Parse(source);
        var progress = new Progress<string>(_ => { });
        Console.Error.WriteLine($"profiling {d.Display}");
        var settings = minCount is { } k ? new ProfileSettings { MinCount = k } : new ProfileSettings();
        var profileD = await Profiler.ProfileAsync(d, settings, progress).ConfigureAwait(false);
        var querySizesD = await GrowthComparison.QuerySizesAsync(d.FilePath!, Queries).ConfigureAwait(false);
        Console.WriteLine($"# Fidelity: {Path.GetFileName(d.FilePath)}, sample fraction {fraction.ToString(inv)}, seed {seed}");
        Console.WriteLine();

        // direct: D's own profile at ×1, ×2.5, ×5
        Console.WriteLine("## Direct: generate from D's profile, fan-out KS against D's profile (verify's comparer, with the plan) / floor (the least KS the target's counts allow)");
        Console.WriteLine();
        var direct = new List<(double Scale, FidelityReport Report, GenerationPlan Plan)>();
        Dictionary<string, long>? querySizesX1 = null;
        foreach (var scale in DirectScales)
        {
            var plan = GenerationPlanner.Plan(profileD, new ScaleOptions { Scale = scale, Seed = seed });
            var path = Path.Combine(dir, string.Create(inv, $"direct-x{scale}.db"));
            Console.Error.WriteLine($"generating ×{scale} → {path}");
            await GenerateAsync(profileD, plan, path).ConfigureAwait(false);
            var report = await VerifyAsync(profileD, path, plan).ConfigureAwait(false);
            direct.Add((scale, report, plan));
            if (scale == 1)
                querySizesX1 = await GrowthComparison.QuerySizesAsync(path, Queries).ConfigureAwait(false);
        }

        Console.WriteLine("| foreign key | " + string.Join(" | ", direct.Select(x => string.Create(inv,
            $"×{x.Scale} KS | ×{x.Scale} floor"))) + " |");
        Console.WriteLine("|---|" + string.Concat(direct.Select(_ => "---:|---:|")));
        var worstUncapped = 0.0;
        var worstExcess = 0.0;
        foreach (var (table, fk) in GrowthComparison.ForeignKeys(profileD))
        {
            var cells = new List<string>();
            foreach (var (_, report, plan) in direct)
            {
                var f = FindFk(report, table, fk);
                var capped = IsCapped(plan, table) || IsCapped(plan, fk.ReferencedTable);
                if (!capped)
                {
                    worstUncapped = Math.Max(worstUncapped, f?.Ks ?? 1);
                    worstExcess = Math.Max(worstExcess, f?.KsExcess ?? 1);
                }

                cells.Add(f is null ? "n/a" : f.Ks.ToString("0.000", inv) + (capped ? " (capped)" : ""));
                cells.Add(f is null ? "n/a" : f.KsFloor.ToString("0.000", inv));
            }

            Console.WriteLine($"| {table}.{string.Join(",", fk.Columns)} → {fk.ReferencedTable} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Largest fan-out KS where the plan capped nothing: {worstUncapped:0.000} (goal ≤ 0.02: {(worstUncapped <= 0.02 ? "met" : worstExcess <= 0.02 ? "NOT met as such, but every FK over 0.02 is at most 0.02 above its floor, the least KS its counts allow" : "NOT met")}); largest excess over the floor: {worstExcess:0.000}. Hard checks: {string.Join(", ", direct.Select(x => string.Create(inv, $"×{x.Scale} {x.Report.HardChecksPassed} passed / {x.Report.HardChecksFailed} failed")))}."));
        Console.WriteLine();

        // sample → ×(1/fraction)
        var samplePath = Path.Combine(dir, "sample.db");
        Console.Error.WriteLine($"sampling {fraction} → {samplePath}");
        var sample = await ForeignKeySampler.SampleAsync(d, samplePath, sampleOptions).ConfigureAwait(false);
        var dPrime = DatabaseLocation.Parse(samplePath);
        var profileS = await Profiler.ProfileAsync(dPrime, GrowthComparison.SampleSettings(profileD.Settings), progress)
            .ConfigureAwait(false);
        profileS = DeclareMinimums(profileS, profileD, minChildren ?? new Dictionary<string, int>(), minChildrenFromD);
        var upScale = 1 / fraction;
        // per-table factors of the sample design: each table back to its Horvitz–Thompson estimate of D's size
        var tableScales = sample.Tables.Where(t => t.Role is SampleRole.Root or SampleRole.Child && t.Rows > 0)
            .ToDictionary(t => t.Name, t => trueSizes ? (double)t.SourceRows / t.Rows : t.ScaleFactor, StringComparer.Ordinal);
        var upOptions = new ScaleOptions { Scale = upScale, Keep = sample.KeptWhole, TableScales = tableScales, Seed = seed };
        var upPath = Path.Combine(dir, string.Create(inv, $"sample-x{upScale:0.###}.db"));
        var grown = await GrowthComparison.GrowAsync(profileS, upOptions, upPath, profileD.Settings, Queries).ConfigureAwait(false);
        var upPlan = grown.Plan;
        // D's profile against the generated database, shapes only: the generated sizes come from D′, not from a plan of D
        var upReport = await VerifyAsync(profileD, upPath, null).ConfigureAwait(false);
        var upMeasured = grown.Measured;

        Console.WriteLine(string.Create(inv, $"## Sample D′ ({fraction:0.###} of the roots, drawn {sampleOptions.RootDraw}, lookup tables ≤ {sample.LookupMaxRows} rows kept whole; PRAGMA foreign_key_check: {sample.ForeignKeyViolations} violations) → per-table factors from {sampleOptions.Replicates} design replicates"));
        Console.WriteLine();
        Console.WriteLine("| table | role | D rows | D′ rows | of which added as parents | estimated D rows (Σ 1/π) | factor | generated rows | generated / D |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in sample.Tables)
        {
            var gen = upPlan.Find(t.Name)!.TargetRows;
            var role = t.Role switch
            {
                SampleRole.Lookup => "lookup (kept whole)", SampleRole.Whole => "other dimension (kept whole)", SampleRole.Root => "root (drawn)",
                _ => $"follows {t.Follows}",
            };
            Console.WriteLine(string.Create(inv, $"| {t.Name} | {role} | {t.SourceRows} | {t.Rows} | {t.AddedAsParents} | {t.EstimatedSourceRows:0} | {(t.Role is SampleRole.Lookup or SampleRole.Whole ? 1 : tableScales[t.Name]):0.00} | {gen} | {(double)gen / Math.Max(1, t.SourceRows):0.000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Fan-out KS against D: `D′` is the sample itself (what sampling lost), `gen` the generated database (raw: histograms compared as they are; verify: the comparer without a plan, which stretches D's distribution to the target's own children per parent, k → round(k·r)).");
        Console.WriteLine();
        Console.WriteLine("| foreign key | D mean | D′ mean | gen mean | KS D′ vs D | KS gen vs D (raw) | KS gen vs D (verify) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var worstRaw = 0.0;
        var worstVerify = 0.0;
        foreach (var (table, fk) in GrowthComparison.ForeignKeys(profileD))
        {
            var sfk = GrowthComparison.FindStats(profileS, table, fk);
            var gfk = GrowthComparison.FindStats(upMeasured, table, fk);
            var vfk = FindFk(upReport, table, fk);
            var ksS = sfk is null ? double.NaN : FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, sfk.Histogram);
            var ksRaw = gfk is null ? 1 : FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, gfk.Histogram);
            worstRaw = Math.Max(worstRaw, ksRaw);
            worstVerify = Math.Max(worstVerify, vfk?.Ks ?? 1);
            Console.WriteLine(string.Create(inv,
                $"| {table}.{string.Join(",", fk.Columns)} → {fk.ReferencedTable} | {fk.Stats!.Mean:0.###} | {sfk?.Mean:0.###} | {gfk?.Mean:0.###} | {ksS:0.000} | {ksRaw:0.000} | {vfk?.Ks:0.000}{(vfk?.Normalized == true ? " (stretched)" : "")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Largest fan-out KS, generated vs D: raw {worstRaw:0.000}, verify {worstVerify:0.000} (goal ≤ 0.15: raw {(worstRaw <= 0.15 ? "met" : "NOT met")}, verify {(worstVerify <= 0.15 ? "met" : "NOT met")}). Hard checks of D's profile on the generated database: {upReport.HardChecksPassed} passed, {upReport.HardChecksFailed} failed; verify score {upReport.Score:0.000}."));
        Console.WriteLine();

        var querySizesS = await GrowthComparison.QuerySizesAsync(samplePath, Queries).ConfigureAwait(false);
        var querySizesUp = grown.QuerySizes;
        Console.WriteLine("## Query result sizes (COUNT(*) of each result), relative error |gen − D| / D");
        Console.WriteLine();
        Console.WriteLine("| query | D | D′ | D′ scaled up | error | direct ×1 | error |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var errorsUp = new List<double>();
        var errorsX1 = new List<double>();
        foreach (var (name, _) in Queries)
        {
            if (!querySizesD.TryGetValue(name, out var dn) || dn == 0)
                continue;
            var up = querySizesUp.GetValueOrDefault(name);
            var x1 = querySizesX1!.GetValueOrDefault(name);
            var eUp = Math.Abs(up - dn) / (double)dn;
            var eX1 = Math.Abs(x1 - dn) / (double)dn;
            errorsUp.Add(eUp);
            errorsX1.Add(eX1);
            Console.WriteLine(string.Create(inv, $"| {name} | {dn} | {querySizesS.GetValueOrDefault(name)} | {up} | {eUp:P1} | {x1} | {eX1:P1} |"));
        }

        var medianUp = GrowthComparison.Median(errorsUp);
        Console.WriteLine(string.Create(inv, $"| **median** | | | | **{medianUp:P1}** | | **{GrowthComparison.Median(errorsX1):P1}** |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Median relative error of the sample → scale-up experiment: {medianUp:P1} (goal ≤ 10%: {(medianUp <= 0.10 ? "met" : "NOT met")}); largest {errorsUp.DefaultIfEmpty().Max():P1}."));
        Console.WriteLine();

        // the same scale-up with the other growth model, side by side (ADR 0006)
        var stretch = await GrowthComparison.GrowAsync(profileS, upOptions with { Growth = FanOutGrowth.Stretch },
            Path.Combine(dir, string.Create(inv, $"sample-x{upScale:0.###}-stretch.db")), profileD.Settings, Queries).ConfigureAwait(false);
        var design = sampleOptions.Roots is { } roots ? $"along {string.Join(", ", roots.Order(StringComparer.Ordinal))} only" : "along every root";
        Console.WriteLine($"## Growth model: `--growth sample` (default) against `--growth stretch`, sample {design}"
            + $"{(trueSizes ? ", true sizes" : "")}, fan-out KS of the generated database against D (raw)");
        Console.WriteLine();
        var summary = GrowthComparison.Print($"{Path.GetFileName(d.FilePath)} {design}, seed {seed}", profileD, profileS, querySizesD,
            querySizesS,
            grown, stretch, Queries);
        GrowthComparison.PrintSummaries([summary]);
        Console.Error.WriteLine($"files in {dir}");
    }

    internal static async Task GenerateAsync(DatabaseProfile profile, GenerationPlan plan, string path)
    {
        await using (var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: true,
            profile.Source.Dialect).ConfigureAwait(false))
            await DatabaseGenerator.RunAsync(profile, plan, writer).ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    internal static async Task<FidelityReport> VerifyAsync(DatabaseProfile profile, string path, GenerationPlan? plan)
    {
        var location = DatabaseLocation.Parse(path);
        var checks = await HardChecks.RunAsync(location, profile, plan).ConfigureAwait(false);
        var measured = await Profiler.ProfileAsync(location, profile.Settings).ConfigureAwait(false);
        return FidelityComparer.Compare(profile, measured, checks, new VerifyOptions { Plan = plan });
    }

    private static ForeignKeyFidelity? FindFk(FidelityReport report, string table, ForeignKeyProfile fk) =>
        report.Tables.FirstOrDefault(t => t.Name == table)?.ForeignKeys.FirstOrDefault(f => f.Name == fk.Name);

    /// <summary>
    /// The sample's profile with the minimum fan-outs a user who knows the data declares (a review file's <c>min</c> lines):
    /// those given as CHILD.COLUMN=N, and with <paramref name="fromD"/> every foreign key whose fan-out in D never falls
    /// below 1 (D's own least fan-out). Each declaration is printed, so the run says what it was told.
    /// </summary>
    internal static DatabaseProfile DeclareMinimums(DatabaseProfile sample, DatabaseProfile d, IReadOnlyDictionary<string, int> given,
        bool fromD)
    {
        if (given.Count == 0 && !fromD)
            return sample;
        var tables = sample.Tables.Select(t => t with
        {
            ForeignKeys = [.. t.ForeignKeys.Select(fk =>
            {
                var minimum = fk.Columns.Count == 1 && given.TryGetValue($"{t.Name}.{fk.Columns[0]}", out var n) ? n : 0;
                if (fromD && minimum == 0 && GrowthComparison.FindStats(d, t.Name, fk) is { Histogram: [var least, ..] }
                    && least.Children > 0 && fk.ReferencedTable != t.Name)
                    minimum = (int)least.Children;
                if (minimum > 0)
                    Console.WriteLine($"declared: min {minimum} {t.Name}.{string.Join(",", fk.Columns)} -> {fk.ReferencedTable}");
                return minimum > 0 ? fk with { MinChildren = minimum } : fk;
            })],
        }).ToList();
        return sample with { Tables = tables };
    }

    private static bool IsCapped(GenerationPlan plan, string table) => plan.Find(table)?.Adjusted == true;
}
