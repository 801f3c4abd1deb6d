using System.Diagnostics;
using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;
using MySqlConnector;

// Benchmarks, run by hand (never as timed tests), usually through bench/run.sh:
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- profile [--rows N] [--mysql URL|throwaway]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- generate [--profile P] [--scale S] [--mysql URL|throwaway]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- pgload [--profile P] [--scale S] [--postgres URL|throwaway]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- fidelity [--source DB] [--fraction 0.1] [--seed N] [--out DIR] [--follow CHILD=PARENT] [--replicates R] [--root-draw simple|systematicbysize]
//       [--min-count K]
//   dotnet run -c Release --project bench/ElasticDuckface.Bench -- dpcurve [--source DB|PROFILE.json]... [--seeds 3] [--delta D]
// Each figure is a ratio against a baseline run in the same invocation on the same data. See docs/benchmarks.md.
var rows = 5_000_000L;
string? mysql = null;
for (var i = 1; i < args.Length; i++)
{
    if (args[i] == "--rows")
        rows = long.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--mysql")
        mysql = args[++i];
}

// --mysql throwaway: a private MariaDB server for this run, started by the same code as the tests' server and removed at the end
await using var throwaway = mysql == "throwaway" ? await ThrowawayMariaDb.StartAsync(BenchServerOptions()).ConfigureAwait(false) : null;
if (throwaway is not null)
{
    await throwaway.ExecuteAdminAsync("CREATE DATABASE IF NOT EXISTS bench").ConfigureAwait(false);
    mysql = throwaway.Url("bench");
}

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

    if (Environment.GetEnvironmentVariable("DUCKFACE_BENCH_PHASES") == "1")
        await ElasticDuckface.Bench.GenerateBench.PhasesAsync(profilePath, scale).ConfigureAwait(false);
    else
        await ElasticDuckface.Bench.GenerateBench.RunAsync(profilePath, scale, mysql).ConfigureAwait(false);
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
    }

    var sampleOptions = new ElasticDuckface.Data.Sampling.SampleOptions { Fraction = fraction, Seed = seed, Follow = follow, Replicates = replicates, RootDraw = rootDraw };
    await ElasticDuckface.Bench.FidelityBench.RunAsync(source, sampleOptions, outDir, minCount).ConfigureAwait(false);
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
    Console.Error.WriteLine("usage: bench profile [--rows N] [--mysql URL|throwaway]"
        + " | bench generate [--profile P] [--scale S] [--mysql URL|throwaway]"
        + " | bench pgload [--profile P] [--scale S] [--postgres URL|throwaway]"
        + " | bench fidelity [--source DB] [--fraction F] [--seed N] [--out DIR] [--follow CHILD=PARENT] [--replicates R]"
        + " [--root-draw simple|systematicbysize] | bench dpcurve [--source DB|PROFILE.json]... [--seeds N] [--delta D]");
    return 1;
}

var parents = Math.Max(1, rows / 50);
Console.WriteLine($"# profile benchmark: child {rows:N0} rows, parent {parents:N0} rows, 2 FKs; {Environment.ProcessorCount} cores");
if (!args.Contains("--skip-sqlite"))
    await BenchSqliteAsync(rows, parents).ConfigureAwait(false);
if (mysql is not null)
    await BenchMySqlAsync(mysql, rows, parents).ConfigureAwait(false);
return 0;

static async Task BenchSqliteAsync(long rows, long parents)
{
    var path = Path.Combine(Path.GetTempPath(), $"duckface-bench-{Environment.ProcessId}.db");
    File.Delete(path);
    try
    {
        var sw = Stopwatch.StartNew();
        await using (var c = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await c.OpenAsync().ConfigureAwait(false);
            await c.ExecuteAsync($"""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                CREATE TABLE tenant (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE parent (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id), name TEXT NOT NULL, created_at DATETIME NOT NULL);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), tenant_id INTEGER NOT NULL REFERENCES tenant(id),
                    status TEXT NOT NULL, amount NUMERIC(10,2), created_at DATETIME NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO tenant SELECT i, 'tenant-' || i FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {parents})
                  INSERT INTO parent SELECT i, (i % 100) + 1, 'host-' || i || '.example.org', datetime(1600000000 + i * 60, 'unixepoch') FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
                  INSERT INTO child SELECT i,
                    CASE WHEN i % 97 = 0 THEN NULL ELSE (abs(random()) % (1 + (abs(random()) % {parents}))) + 1 END,
                    (i % 100) + 1,
                    CASE WHEN i % 10 = 0 THEN 'deleted' WHEN i % 3 = 0 THEN 'stopped' ELSE 'active' END,
                    round((i % 10000) / 7.0, 2), datetime(1600000000 + i, 'unixepoch') FROM n;
                CREATE INDEX ix_parent_tenant ON parent(tenant_id);
                CREATE INDEX ix_child_parent ON child(parent_id);
                CREATE INDEX ix_child_tenant ON child(tenant_id);
                """).ConfigureAwait(false);
        }

        Console.WriteLine($"sqlite: built in {sw.Elapsed.TotalSeconds:F1} s");
        var bare = await TimeAsync(async () =>
        {
            await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
            await c.OpenAsync().ConfigureAwait(false);
            foreach (var (table, col) in new[] { ("child", "parent_id"), ("child", "tenant_id"), ("parent", "tenant_id") })
                _ = (await c.QueryAsync<(long, long)>($"SELECT {col}, COUNT(*) FROM {table} WHERE {col} IS NOT NULL GROUP BY {col}").ConfigureAwait(false)).Count();
        }).ConfigureAwait(false);
        var profile = await TimeAsync(() => Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings())).ConfigureAwait(false);
        Report("sqlite", bare, profile);
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}

static async Task BenchMySqlAsync(string url, long rows, long parents)
{
    var location = DatabaseLocation.Parse(url);
    var admin = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "" }.ConnectionString;
    var db = location.DatabaseName!;
    var sw = Stopwatch.StartNew();
    await using (var c = new MySqlConnection(admin))
    {
        await c.OpenAsync().ConfigureAwait(false);
        await c.ExecuteAsync($"DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`; USE `{db}`;").ConfigureAwait(false);
        await c.ExecuteAsync("""
            CREATE TABLE tenant (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB;
            CREATE TABLE parent (id INT PRIMARY KEY, tenant_id INT NOT NULL, name VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL,
              CONSTRAINT fk_parent_tenant FOREIGN KEY (tenant_id) REFERENCES tenant(id)) ENGINE=InnoDB;
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NULL, tenant_id INT NOT NULL, status VARCHAR(16) NOT NULL,
              amount DECIMAL(10,2), created_at DATETIME NOT NULL,
              CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent(id),
              CONSTRAINT fk_child_tenant FOREIGN KEY (tenant_id) REFERENCES tenant(id)) ENGINE=InnoDB;
            SET SESSION max_recursive_iterations = 100000000;
            """).ConfigureAwait(false);
        await c.ExecuteAsync("INSERT INTO tenant WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i, CONCAT('tenant-', i) FROM n").ConfigureAwait(false);
        await c.ExecuteAsync($"INSERT INTO parent WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {parents}) SELECT i, (i % 100) + 1, CONCAT('host-', i, '.example.org'), FROM_UNIXTIME(1600000000 + i * 60) FROM n").ConfigureAwait(false);
        await c.ExecuteAsync("SET SESSION foreign_key_checks = 0; SET SESSION unique_checks = 0;").ConfigureAwait(false);
        const long chunk = 500_000;
        for (long start = 0; start < rows; start += chunk)
        {
            var end = Math.Min(rows, start + chunk);
            await c.ExecuteAsync($"""
                INSERT INTO child WITH RECURSIVE n(i) AS (SELECT {start + 1} UNION ALL SELECT i + 1 FROM n WHERE i < {end})
                SELECT i, CASE WHEN i % 97 = 0 THEN NULL ELSE FLOOR(RAND(i) * (1 + FLOOR(RAND(i + 7) * {parents}))) + 1 END, (i % 100) + 1,
                  CASE WHEN i % 10 = 0 THEN 'deleted' WHEN i % 3 = 0 THEN 'stopped' ELSE 'active' END,
                  ROUND((i % 10000) / 7.0, 2), FROM_UNIXTIME(1600000000 + i) FROM n
                """, commandTimeout: 0).ConfigureAwait(false);
        }
    }

    Console.WriteLine($"mysql: built in {sw.Elapsed.TotalSeconds:F1} s");
    var bare = await TimeAsync(async () =>
    {
        await using var c = new MySqlConnection(location.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        foreach (var (table, col) in new[] { ("child", "parent_id"), ("child", "tenant_id"), ("parent", "tenant_id") })
            _ = (await c.QueryAsync<(long, long)>($"SELECT {col}, COUNT(*) FROM {table} WHERE {col} IS NOT NULL GROUP BY {col}", commandTimeout: 0).ConfigureAwait(false)).Count();
    }).ConfigureAwait(false);
    var profile = await TimeAsync(() => Profiler.ProfileAsync(location, new ProfileSettings())).ConfigureAwait(false);
    Report("mysql", bare, profile);
}

// buffers big enough that the benchmark measures the work, not the disk
static string[] BenchServerOptions() =>
    ["--innodb-buffer-pool-size=2G", "--innodb-log-file-size=512M", "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin"];

static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    await action().ConfigureAwait(false); // warm-up: same cache state for both sides
    var sw = Stopwatch.StartNew();
    await action().ConfigureAwait(false);
    return sw.Elapsed;
}

static void Report(string dialect, TimeSpan bare, TimeSpan profile) =>
    Console.WriteLine($"| {dialect} | {bare.TotalSeconds:F2} s | {profile.TotalSeconds:F2} s | {profile / bare:F2}x |");
