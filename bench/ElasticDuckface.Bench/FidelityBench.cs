using System.Globalization;
using Dapper;
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
    private static readonly (string Name, string Sql)[] Queries =
    [
        ("Invoice ⋈ InvoiceLine", "SELECT COUNT(*) FROM Invoice i JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId"),
        ("Customer ⋈ Invoice ⋈ InvoiceLine", "SELECT COUNT(*) FROM Customer c JOIN Invoice i ON i.CustomerId = c.CustomerId JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId"),
        ("InvoiceLine ⋈ Track ⋈ Genre", "SELECT COUNT(*) FROM InvoiceLine l JOIN Track t ON t.TrackId = l.TrackId JOIN Genre g ON g.GenreId = t.GenreId"),
        ("Artist ⋈ Album ⋈ Track", "SELECT COUNT(*) FROM Artist a JOIN Album al ON al.ArtistId = a.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId"),
        ("Playlist ⋈ PlaylistTrack ⋈ Track", "SELECT COUNT(*) FROM Playlist p JOIN PlaylistTrack pt ON pt.PlaylistId = p.PlaylistId JOIN Track t ON t.TrackId = pt.TrackId"),
        ("Customer ⋈ Employee (support rep)", "SELECT COUNT(*) FROM Customer c JOIN Employee e ON e.EmployeeId = c.SupportRepId"),
        ("genres with tracks (GROUP BY)", "SELECT COUNT(*) FROM (SELECT t.GenreId FROM Track t JOIN Genre g ON g.GenreId = t.GenreId GROUP BY t.GenreId)"),
        ("countries with invoice lines (GROUP BY)", "SELECT COUNT(*) FROM (SELECT i.BillingCountry FROM InvoiceLine l JOIN Invoice i ON i.InvoiceId = l.InvoiceId GROUP BY i.BillingCountry)"),
        ("customers with ≥ 5 invoices", "SELECT COUNT(*) FROM (SELECT CustomerId FROM Invoice GROUP BY CustomerId HAVING COUNT(*) >= 5)"),
        ("invoices with ≥ 5 lines", "SELECT COUNT(*) FROM (SELECT InvoiceId FROM InvoiceLine GROUP BY InvoiceId HAVING COUNT(*) >= 5)"),
        ("albums with ≥ 10 tracks", "SELECT COUNT(*) FROM (SELECT AlbumId FROM Track GROUP BY AlbumId HAVING COUNT(*) >= 10)"),
        ("artists with ≥ 2 albums", "SELECT COUNT(*) FROM (SELECT ArtistId FROM Album GROUP BY ArtistId HAVING COUNT(*) >= 2)"),
        ("tracks in ≥ 2 playlists", "SELECT COUNT(*) FROM (SELECT TrackId FROM PlaylistTrack GROUP BY TrackId HAVING COUNT(*) >= 2)"),
        ("tracks never sold (NOT EXISTS)", "SELECT COUNT(*) FROM Track t WHERE NOT EXISTS (SELECT 1 FROM InvoiceLine l WHERE l.TrackId = t.TrackId)"),
    ];

    /// <param name="source">The database D.</param>
    /// <param name="sampleOptions">The sample design.</param>
    /// <param name="outDir">Where D′ and the generated files go (a temporary directory when null).</param>
    /// <param name="minCount">The profiles' k (<see cref="ProfileSettings.MinCount"/>); null for the profiler's default. With
    /// k &gt; 1 the fan-out histograms of the few-parent lookups are coarsened to one bin, for D as for D′ and the generated
    /// database, so their KS measures the coarsening; k = 1 measures the method.</param>
    public static async Task RunAsync(string source, SampleOptions sampleOptions, string? outDir, int? minCount = null)
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
        var querySizesD = await QuerySizesAsync(d.FilePath!).ConfigureAwait(false);
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
                querySizesX1 = await QuerySizesAsync(path).ConfigureAwait(false);
        }

        Console.WriteLine("| foreign key | " + string.Join(" | ", direct.Select(x => string.Create(inv, $"×{x.Scale} KS | ×{x.Scale} floor"))) + " |");
        Console.WriteLine("|---|" + string.Concat(direct.Select(_ => "---:|---:|")));
        var worstUncapped = 0.0;
        var worstExcess = 0.0;
        foreach (var (table, fk) in ForeignKeys(profileD))
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
        var profileS = await Profiler.ProfileAsync(dPrime, profileD.Settings, progress).ConfigureAwait(false);
        var upScale = 1 / fraction;
        // per-table factors of the sample design: each table back to its Horvitz–Thompson estimate of D's size
        var tableScales = sample.Tables.Where(t => t.Role != SampleRole.Lookup && t.Rows > 0).ToDictionary(t => t.Name, t => t.ScaleFactor, StringComparer.Ordinal);
        var upOptions = new ScaleOptions { Scale = upScale, Keep = sample.LookupTables, TableScales = tableScales, Seed = seed };
        var upPlan = GenerationPlanner.Plan(profileS, upOptions);
        var upPath = Path.Combine(dir, string.Create(inv, $"sample-x{upScale:0.###}.db"));
        Console.Error.WriteLine($"generating ×{upScale} of the sample → {upPath}");
        await GenerateAsync(profileS, upPlan, upPath).ConfigureAwait(false);
        // D's profile against the generated database, shapes only: the generated sizes come from D′, not from a plan of D
        var upReport = await VerifyAsync(profileD, upPath, null).ConfigureAwait(false);
        var upMeasured = await Profiler.ProfileAsync(DatabaseLocation.Parse(upPath), profileD.Settings, progress).ConfigureAwait(false);

        Console.WriteLine(string.Create(inv, $"## Sample D′ ({fraction:0.###} of the roots, drawn {sampleOptions.RootDraw}, lookup tables ≤ {sample.LookupMaxRows} rows kept whole; PRAGMA foreign_key_check: {sample.ForeignKeyViolations} violations) → per-table factors from {sampleOptions.Replicates} design replicates"));
        Console.WriteLine();
        Console.WriteLine("| table | role | D rows | D′ rows | of which added as parents | estimated D rows (Σ 1/π) | factor | generated rows | generated / D |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in sample.Tables)
        {
            var gen = upPlan.Find(t.Name)!.TargetRows;
            var role = t.Role switch { SampleRole.Lookup => "lookup (kept whole)", SampleRole.Root => "root (drawn)", _ => $"follows {t.Follows}" };
            Console.WriteLine(string.Create(inv, $"| {t.Name} | {role} | {t.SourceRows} | {t.Rows} | {t.AddedAsParents} | {t.EstimatedSourceRows:0} | {(t.Role == SampleRole.Lookup ? 1 : t.ScaleFactor):0.00} | {gen} | {(double)gen / Math.Max(1, t.SourceRows):0.000} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Fan-out KS against D: `D′` is the sample itself (what sampling lost), `gen` the generated database (raw: histograms compared as they are; verify: the comparer without a plan, which stretches D's distribution to the target's own children per parent, k → round(k·r)).");
        Console.WriteLine();
        Console.WriteLine("| foreign key | D mean | D′ mean | gen mean | KS D′ vs D | KS gen vs D (raw) | KS gen vs D (verify) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var worstRaw = 0.0;
        var worstVerify = 0.0;
        foreach (var (table, fk) in ForeignKeys(profileD))
        {
            var sfk = FindStats(profileS, table, fk);
            var gfk = FindStats(upMeasured, table, fk);
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

        var querySizesS = await QuerySizesAsync(samplePath).ConfigureAwait(false);
        var querySizesUp = await QuerySizesAsync(upPath).ConfigureAwait(false);
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

        var medianUp = Median(errorsUp);
        Console.WriteLine(string.Create(inv, $"| **median** | | | | **{medianUp:P1}** | | **{Median(errorsX1):P1}** |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Median relative error of the sample → scale-up experiment: {medianUp:P1} (goal ≤ 10%: {(medianUp <= 0.10 ? "met" : "NOT met")}); largest {errorsUp.DefaultIfEmpty().Max():P1}."));
        Console.WriteLine();

        // the same scale-up with the other growth model, side by side (ADR 0006)
        var stretchPlan = GenerationPlanner.Plan(profileS, upOptions with { Growth = FanOutGrowth.Stretch });
        var stretchPath = Path.Combine(dir, string.Create(inv, $"sample-x{upScale:0.###}-stretch.db"));
        Console.Error.WriteLine($"generating ×{upScale} of the sample, --growth stretch → {stretchPath}");
        await GenerateAsync(profileS, stretchPlan, stretchPath).ConfigureAwait(false);
        var stretchMeasured = await Profiler.ProfileAsync(DatabaseLocation.Parse(stretchPath), profileD.Settings, progress).ConfigureAwait(false);
        var querySizesStretch = await QuerySizesAsync(stretchPath).ConfigureAwait(false);
        Console.WriteLine("## Growth model: `--growth sample` (default) against `--growth stretch`, fan-out KS of the generated database against D (raw)");
        Console.WriteLine();
        Console.WriteLine("| foreign key | r (D′ → gen) | KS sample | KS stretch |");
        Console.WriteLine("|---|---:|---:|---:|");
        double worstSample = 0, worstStretch = 0;
        foreach (var (table, fk) in ForeignKeys(profileD))
        {
            var moving = upPlan.MovingFanOuts.FirstOrDefault(m => m.Table == table && m.ForeignKey == fk.Name);
            var a = FindStats(upMeasured, table, fk) is { } ga ? FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, ga.Histogram) : 1;
            var b = FindStats(stretchMeasured, table, fk) is { } gb ? FanOutDistance.KolmogorovSmirnov(fk.Stats!.Histogram, gb.Histogram) : 1;
            worstSample = Math.Max(worstSample, a);
            worstStretch = Math.Max(worstStretch, b);
            Console.WriteLine(string.Create(inv, $"| {table}.{string.Join(",", fk.Columns)} → {fk.ReferencedTable} | {(moving is null ? "1" : moving.Ratio.ToString("0.###", inv))} | {a:0.000} | {b:0.000} |"));
        }

        var errorsStretch = Queries.Where(q => querySizesD.GetValueOrDefault(q.Name) > 0)
            .Select(q => Math.Abs(querySizesStretch.GetValueOrDefault(q.Name) - querySizesD[q.Name]) / (double)querySizesD[q.Name]).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"| **worst fan-out KS** | | **{worstSample:0.000}** | **{worstStretch:0.000}** |\n| **median query-size error** | | **{medianUp:P1}** | **{Median(errorsStretch):P1}** |\n| **90th percentile query-size error** | | **{Percentile(errorsUp, 0.9):P1}** | **{Percentile(errorsStretch, 0.9):P1}** |"));
        Console.WriteLine();
        foreach (var (name, _) in Queries.Where(q => querySizesD.GetValueOrDefault(q.Name) > 0))
            Console.WriteLine(string.Create(inv, $"- {name}: D {querySizesD[name]}, sample {querySizesUp.GetValueOrDefault(name)}, stretch {querySizesStretch.GetValueOrDefault(name)}"));
        Console.Error.WriteLine($"files in {dir}");
    }

    internal static async Task GenerateAsync(DatabaseProfile profile, GenerationPlan plan, string path)
    {
        await using (var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: true, profile.Source.Dialect).ConfigureAwait(false))
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

    private static async Task<Dictionary<string, long>> QuerySizesAsync(string path)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        foreach (var (name, sql) in Queries)
        {
            try
            {
                sizes[name] = await c.ExecuteScalarAsync<long>(sql).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                // not a Chinook-shaped database: the query does not apply
            }
        }

        return sizes;
    }

    private static IEnumerable<(string Table, ForeignKeyProfile Fk)> ForeignKeys(DatabaseProfile profile) =>
        profile.Tables.OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.ForeignKeys.Where(f => f.Stats is not null).OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => (t.Name, f)));

    private static ForeignKeyFidelity? FindFk(FidelityReport report, string table, ForeignKeyProfile fk) =>
        report.Tables.FirstOrDefault(t => t.Name == table)?.ForeignKeys.FirstOrDefault(f => f.Name == fk.Name);

    private static FanOutStatistics? FindStats(DatabaseProfile profile, string table, ForeignKeyProfile fk) =>
        profile.Tables.FirstOrDefault(t => t.Name == table)?.ForeignKeys
            .FirstOrDefault(f => f.Columns.SequenceEqual(fk.Columns, StringComparer.Ordinal) && f.ReferencedTable == fk.ReferencedTable)?.Stats;

    private static bool IsCapped(GenerationPlan plan, string table) => plan.Find(table)?.Adjusted == true;

    // nearest rank
    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var m = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
