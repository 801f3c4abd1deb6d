using System.Globalization;
using ElasticDuckface.Data.Tests.Infrastructure;

// Benchmarks, run by hand (never as timed tests), usually through bench/run.sh:
// dotnet run -c Release --project bench/ElasticDuckface.Bench -- profile [--rows N] [--mysql URL|throwaway] [--postgres URL|throwaway]
// [--skip-sqlite]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- generate [--profile P] [--scale S | --rows N] [--mysql URL|throwaway]
//       [--no-generation-only | --generation-only]   (wide/narrow case: --profile bench/profiles/nova-wide-narrow.json --rows 1000000)
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- pgload [--profile P] [--scale S] [--postgres URL|throwaway]
// dotnet run -c Release --project bench/ElasticDuckface.Bench -- fidelity [--source DB] [--fraction 0.1] [--seed N] [--out DIR] [--follow
// CHILD=PARENT] [--replicates R] [--root-draw simple|systematicbysize]
//       [--min-count K] [--root TABLE]... [--true-sizes] [--min-children CHILD.COLUMN=N]... [--min-children-from-d]
// dotnet run -c Release --project bench/ElasticDuckface.Bench -- groundtruth [--customers N] [--seeds 0,1,2] [--fraction 0.1] [--out DIR]
// [--min-count K] [--min-children-from-d]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- plantime [--profile P] [--ratio 10] [--repeat 3]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- dpcurve [--source DB|PROFILE.json]... [--seeds 3] [--delta D]
// Each figure is a ratio against a baseline run in the same invocation on the same data. See docs/benchmarks.md.
var rows = 9_800_000L; // profile: with 196,000 parents and 100 tenants, 10 million rows in total (issue 13)
string? mysql = null;
string? profilePostgres = null;
for (var i = 1; i < args.Length; i++)
{
    if (args[i] == "--rows")
        rows = long.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--mysql")
        mysql = args[++i];
    else if (args[i] == "--postgres" && args[0] == "profile")
        profilePostgres = args[++i];
}

// --mysql throwaway: a private MariaDB server for this run, started by the same code as the tests' server and removed at the end
await using var throwaway = mysql == "throwaway" ? await ThrowawayMariaDb.StartAsync(BenchServerOptions()).ConfigureAwait(false) : null;
if (throwaway is not null)
{
    await throwaway.ExecuteAdminAsync("CREATE DATABASE IF NOT EXISTS bench").ConfigureAwait(false);
    mysql = throwaway.Url("bench");
}

// profile --postgres throwaway: a private PostgreSQL server, as the pgload benchmark starts
await using var pgThrowaway = profilePostgres == "throwaway"
    ? await ThrowawayPostgres.StartAsync(ElasticDuckface.Bench.PostgresLoadBench.ServerSettings).ConfigureAwait(false)
    : null;

if (args.Length > 0 && args[0] == "generate")
{
    var profilePath = "profiles/chinook.json";
    var scale = 64.0;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--profile")
            profilePath = args[++i];
        else if (args[i] == "--scale")
            scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
    }

    // --rows N: the scale that gives N rows in total (the wide/narrow case of issue 13 at 1 and 5 million rows)
    if (args.Contains("--rows"))
    {
        var profileRows = (await ElasticDuckface.Profiles.ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false))
            .Tables.Sum(t => t.RowCount);
        scale = (double)rows / profileRows;
    }

    if (Environment.GetEnvironmentVariable("DUCKFACE_BENCH_PHASES") == "1")
        await ElasticDuckface.Bench.GenerateBench.PhasesAsync(profilePath, scale).ConfigureAwait(false);
    else
        await ElasticDuckface.Bench.GenerateBench.RunAsync(profilePath, scale, mysql, !args.Contains("--no-generation-only"),
            args.Contains("--generation-only"), !args.Contains("--skip-sqlite")).ConfigureAwait(false);
    return 0;
}

if (args.Length > 0 && args[0] == "pgload")
{
    // default: Chinook ×64 (≈1M rows) and the wide Nova tables ×20; --profile P [--scale S] runs that one case
    string? profilePath = null;
    double? scale = null;
    string? postgres = null;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--profile")
            profilePath = args[++i];
        else if (args[i] == "--scale")
            scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--postgres")
            postgres = args[++i];
    }

    // --rows N with --profile: the scale that gives N rows in total, as for generate (the wide/narrow case at 1 M rows)
    if (profilePath is not null && args.Contains("--rows"))
    {
        var profileRows = (await ElasticDuckface.Profiles.ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false))
            .Tables.Sum(t => t.RowCount);
        scale = (double)rows / profileRows;
    }

    IReadOnlyList<(string, double)> cases = profilePath is null
        ? [("profiles/chinook.json", scale ?? 64), ("tests/data/nova-synthetic.json", 20)]
        : [(profilePath, scale ?? 64)];
    await ElasticDuckface.Bench.PostgresLoadBench.RunAsync(cases, postgres).ConfigureAwait(false);
    return 0;
}

if (args.Length > 0 && args[0] == "fidelity")
{
    var source = "examples/chinook/Chinook_Sqlite.sqlite";
    var fraction = 0.1;
    var seed = 0L;
    string? outDir = null;
    int? minCount = null;
    var follow = new Dictionary<string, string>(StringComparer.Ordinal);
    var replicates = new ElasticDuckface.Data.Sampling.SampleOptions().Replicates;
    var rootDraw = ElasticDuckface.Data.Sampling.RootDraw.SystematicBySize;
    HashSet<string>? roots = null;
    var minChildren = new Dictionary<string, int>(StringComparer.Ordinal);
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--source")
            source = args[++i];
        else if (args[i] == "--fraction")
            fraction = double.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--seed")
            seed = long.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--out")
            outDir = args[++i];
        else if (args[i] == "--follow" && args[++i].Split('=') is [var child, var parent])
            follow[child] = parent;
        else if (args[i] == "--min-count")
            minCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--replicates")
            replicates = int.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--root-draw")
            rootDraw = Enum.Parse<ElasticDuckface.Data.Sampling.RootDraw>(args[++i], ignoreCase: true);
        else if (args[i] == "--root")
            (roots ??= new HashSet<string>(StringComparer.Ordinal)).Add(args[++i]);
        else if (args[i] == "--min-children" && args[++i].Split('=') is [var column, var n])
            minChildren[column] = int.Parse(n, CultureInfo.InvariantCulture);
    }

    var sampleOptions = new ElasticDuckface.Data.Sampling.SampleOptions
    {
        Fraction = fraction, Seed = seed, Follow = follow, Replicates = replicates, RootDraw = rootDraw, Roots = roots,
    };
    await ElasticDuckface.Bench.FidelityBench.RunAsync(source, sampleOptions, outDir, minCount,
        args.Contains("--true-sizes"), minChildren, args.Contains("--min-children-from-d")).ConfigureAwait(false);
    return 0;
}

if (args.Length > 0 && args[0] == "groundtruth")
{
    var customers = 4000;
    int[] seeds = [0, 1, 2];
    var fraction = 0.1;
    string? outDir = null;
    var minCount = 1;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--customers")
            customers = int.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--seeds")
            seeds = [.. args[++i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))];
        else if (args[i] == "--fraction")
            fraction = double.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--out")
            outDir = args[++i];
        else if (args[i] == "--min-count")
            minCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }

    await ElasticDuckface.Bench.GroundTruthBench.RunAsync(customers, seeds, fraction, outDir, minCount,
        args.Contains("--min-children-from-d")).ConfigureAwait(false);
    return 0;
}

if (args.Length > 0 && args[0] == "plantime")
{
    // default: the real Nova schema and the 110-table growth case (bench/profiles/build-growth-100.py)
    var profiles = new List<string>();
    var ratio = 10.0;
    var repeat = 3;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--profile")
            profiles.Add(args[++i]);
        else if (args[i] == "--ratio")
            ratio = double.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--repeat")
            repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }

    if (profiles.Count == 0)
        profiles = ["profiles/nova-example.json", "bench/profiles/growth-100.json"];
    await ElasticDuckface.Bench.PlanTimeBench.RunAsync(profiles, ratio, repeat).ConfigureAwait(false);
    return 0;
}

if (args.Length > 0 && args[0] == "dpcurve")
{
    // default: Chinook and the database generated from the Nova example profile (docs/privacy.md)
    var sources = new List<string>();
    var seeds = 3;
    string? delta = null;
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--source")
            sources.Add(args[++i]);
        else if (args[i] == "--seeds")
            seeds = int.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--delta")
            delta = args[++i];
    }

    if (sources.Count == 0)
        sources = ["examples/chinook/Chinook_Sqlite.sqlite", "tests/data/nova-synthetic.json"];
    await ElasticDuckface.Bench.DpCurveBench.RunAsync(sources, seeds, delta).ConfigureAwait(false);
    return 0;
}

if (args.Length == 0 || args[0] != "profile")
{
    Console.Error.WriteLine("usage: bench profile [--rows N] [--mysql URL|throwaway] [--postgres URL|throwaway] [--skip-sqlite]"
        + " | bench generate [--profile P] [--scale S | --rows N] [--mysql URL|throwaway]"
        + " [--no-generation-only | --generation-only] [--skip-sqlite]"
        + " | bench pgload [--profile P] [--scale S | --rows N] [--postgres URL|throwaway]"
        + " | bench fidelity [--source DB] [--fraction F] [--seed N] [--out DIR] [--follow CHILD=PARENT] [--replicates R]"
        + " [--root-draw simple|systematicbysize] [--root TABLE]... [--true-sizes] [--min-children CHILD.COLUMN=N]..."
        + " [--min-children-from-d] | bench groundtruth [--customers N] [--seeds 0,1,2] [--min-children-from-d]"
        + " | bench plantime [--profile P]... [--ratio R] [--repeat N] | bench dpcurve [--source DB|PROFILE.json]... [--seeds N] [--delta D]");
    return 1;
}

await ElasticDuckface.Bench.ProfileBench.RunAsync(rows, !args.Contains("--skip-sqlite"), mysql,
    profilePostgres is null ? null : pgThrowaway?.Url("postgres") ?? profilePostgres).ConfigureAwait(false);
return 0;

// buffers big enough that the benchmark measures the work, not the disk
// a private tmpdir: a run on a shared machine once lost an internal temporary table from the common /tmp mid-query
static string[] BenchServerOptions() =>
    ["--innodb-buffer-pool-size=2G", "--innodb-log-file-size=512M", "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin",
        "--tmpdir=" + Directory.CreateTempSubdirectory("duckface-bench-mariadb-tmp-").FullName];
