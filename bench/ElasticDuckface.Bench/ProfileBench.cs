using System.Diagnostics;
using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace ElasticDuckface.Bench;

/// <summary>
/// <c>bench profile</c>: the whole profiler against the bare aggregate queries it needs, on one database of
/// <c>tenant</c> (100 rows) ← <c>parent</c> (rows / 50) ← <c>child</c> (rows), in SQLite, MariaDB and PostgreSQL.
/// The baseline is exactly the aggregates the profiler sends for this schema, run directly with the driver and read into
/// .NET: the fan-out <c>GROUP BY</c> of each of the 3 foreign keys (with keys for the table of two foreign keys, the
/// nested form for the other), the <c>COUNT(*)</c> of the table without one, and <c>MIN</c>/<c>MAX</c> of every integer
/// primary key. Column distributions and quantiles come from a sample, so they have no aggregate to compare with: they
/// are the profiler's overhead, as are the schema read and the snapshot.
/// </summary>
internal static class ProfileBench
{
    private static readonly string[] s_tables = ["tenant", "parent", "child"];

    public static async Task RunAsync(long rows, bool sqlite, string? mysql, string? postgres)
    {
        var parents = Math.Max(1, rows / 50);
        Console.WriteLine($"# profile benchmark: child {rows:N0} rows, parent {parents:N0} rows, tenant 100 rows "
            + $"({rows + parents + 100:N0} in total), 3 FKs; {Environment.ProcessorCount} cores; load {Load()}");
        Console.WriteLine("| dialect | bare aggregate queries | duckface profile | ratio | load (1, 5, 15 min) after |");
        Console.WriteLine("|---|---|---|---|---|");
        if (sqlite)
            await SqliteAsync(rows, parents).ConfigureAwait(false);
        if (mysql is not null)
            await MySqlAsync(mysql, rows, parents).ConfigureAwait(false);
        if (postgres is not null)
            await PostgresAsync(postgres, rows, parents).ConfigureAwait(false);
    }

    /// <summary>The aggregate queries the profiler sends for the bench schema, with <paramref name="q"/> quoting names.</summary>
    private static string[] BareQueries(Func<string, string> q) =>
    [
        $"SELECT {q("parent_id")}, COUNT(*) FROM {q("child")} WHERE {q("parent_id")} IS NOT NULL GROUP BY {q("parent_id")}",
        $"SELECT {q("tenant_id")}, COUNT(*) FROM {q("child")} WHERE {q("tenant_id")} IS NOT NULL GROUP BY {q("tenant_id")}",
        $"SELECT cnt, COUNT(*) FROM (SELECT COUNT(*) AS cnt FROM {q("parent")} WHERE {q("tenant_id")} IS NOT NULL "
            + $"GROUP BY {q("tenant_id")}) g GROUP BY cnt ORDER BY cnt",
        $"SELECT COUNT(*), 0 FROM {q("tenant")}",
        .. s_tables.Select(t =>
            $"SELECT (SELECT MIN({q("id")}) FROM {q(t)}), (SELECT MAX({q("id")}) FROM {q(t)})"),
    ];

    private static async Task BareAsync(System.Data.Common.DbConnection c, Func<string, string> quote)
    {
        foreach (var sql in BareQueries(quote))
            _ = (await c.QueryAsync<(long, long)>(sql, commandTimeout: 0).ConfigureAwait(false)).Count();
    }

    private static async Task SqliteAsync(long rows, long parents)
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
                    CREATE TABLE parent (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id), name TEXT NOT NULL,
                        created_at DATETIME NOT NULL);
                    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id),
                        tenant_id INTEGER NOT NULL REFERENCES tenant(id), status TEXT NOT NULL, amount NUMERIC(10,2),
                        created_at DATETIME NOT NULL);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
                      INSERT INTO tenant SELECT i, 'tenant-' || i FROM n;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {parents})
                      INSERT INTO parent SELECT i, (i % 100) + 1, 'host-' || i || '.example.org',
                        datetime(1600000000 + i * 60, 'unixepoch') FROM n;
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

            Console.Error.WriteLine($"sqlite: built in {sw.Elapsed.TotalSeconds:F1} s");
            await CompareAsync("SQLite (Microsoft.Data.Sqlite)", DatabaseLocation.Parse(path), async () =>
            {
                await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
                await c.OpenAsync().ConfigureAwait(false);
                await BareAsync(c, n => $"\"{n}\"").ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static async Task MySqlAsync(string url, long rows, long parents)
    {
        var location = DatabaseLocation.Parse(url);
        var admin = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "" }.ConnectionString;
        var db = location.DatabaseName!;
        var sw = Stopwatch.StartNew();
        string version;
        await using (var c = new MySqlConnection(admin))
        {
            await c.OpenAsync().ConfigureAwait(false);
            version = c.ServerVersion;
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
            await c.ExecuteAsync("INSERT INTO tenant WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
                + "SELECT i, CONCAT('tenant-', i) FROM n").ConfigureAwait(false);
            await c.ExecuteAsync($"INSERT INTO parent WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {parents}) "
                + "SELECT i, (i % 100) + 1, CONCAT('host-', i, '.example.org'), FROM_UNIXTIME(1600000000 + i * 60) FROM n",
                commandTimeout: 0).ConfigureAwait(false);
            await c.ExecuteAsync("SET SESSION foreign_key_checks = 0; SET SESSION unique_checks = 0;").ConfigureAwait(false);
            const long chunk = 500_000;
            for (long start = 0; start < rows; start += chunk)
            {
                var end = Math.Min(rows, start + chunk);
                await c.ExecuteAsync($"""
                    INSERT INTO child WITH RECURSIVE n(i) AS (SELECT {start + 1} UNION ALL SELECT i + 1 FROM n WHERE i < {end})
                    SELECT i, CASE WHEN i % 97 = 0 THEN NULL ELSE FLOOR(RAND(i) * (1 + FLOOR(RAND(i + 7) * {parents}))) + 1 END,
                      (i % 100) + 1, CASE WHEN i % 10 = 0 THEN 'deleted' WHEN i % 3 = 0 THEN 'stopped' ELSE 'active' END,
                      ROUND((i % 10000) / 7.0, 2), FROM_UNIXTIME(1600000000 + i) FROM n
                    """, commandTimeout: 0).ConfigureAwait(false);
            }

            await c.ExecuteAsync("ANALYZE TABLE tenant, parent, child", commandTimeout: 0).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"mysql: built in {sw.Elapsed.TotalSeconds:F1} s");
        await CompareAsync($"MariaDB {version.Replace("5.5.5-", "", StringComparison.Ordinal).Split("-MariaDB")[0]} (InnoDB)", location, async () =>
        {
            await using var c = new MySqlConnection(location.ConnectionString);
            await c.OpenAsync().ConfigureAwait(false);
            await BareAsync(c, n => $"`{n}`").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task PostgresAsync(string serverUrl, long rows, long parents)
    {
        var server = DatabaseLocation.Parse(serverUrl, new Dictionary<string, string?>());
        var sw = Stopwatch.StartNew();
        string version;
        await using (var c = new NpgsqlConnection(server.ConnectionString))
        {
            await c.OpenAsync().ConfigureAwait(false);
            version = c.PostgreSqlVersion.ToString();
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench").ConfigureAwait(false);
            await c.ExecuteAsync("CREATE DATABASE bench").ConfigureAwait(false);
        }

        var url = serverUrl.Replace("/postgres?", "/bench?", StringComparison.Ordinal);
        var location = DatabaseLocation.Parse(url, new Dictionary<string, string?>());
        await using (var c = new NpgsqlConnection(location.ConnectionString))
        {
            await c.OpenAsync().ConfigureAwait(false);
            await c.ExecuteAsync($"""
                CREATE TABLE tenant (id integer PRIMARY KEY, name varchar(64) NOT NULL);
                CREATE TABLE parent (id integer PRIMARY KEY, tenant_id integer NOT NULL REFERENCES tenant(id),
                  name varchar(255) NOT NULL, created_at timestamp NOT NULL);
                CREATE TABLE child (id integer PRIMARY KEY, parent_id integer NULL, tenant_id integer NOT NULL,
                  status varchar(16) NOT NULL, amount numeric(10,2), created_at timestamp NOT NULL);
                INSERT INTO tenant SELECT i, 'tenant-' || i FROM generate_series(1, 100) i;
                INSERT INTO parent SELECT i, (i % 100) + 1, 'host-' || i || '.example.org', to_timestamp(1600000000 + i * 60)
                  FROM generate_series(1, {parents}) i;
                SELECT setseed(0.5);
                INSERT INTO child SELECT i,
                  CASE WHEN i % 97 = 0 THEN NULL ELSE floor(random() * (1 + floor(random() * {parents}))) + 1 END, (i % 100) + 1,
                  CASE WHEN i % 10 = 0 THEN 'deleted' WHEN i % 3 = 0 THEN 'stopped' ELSE 'active' END,
                  round((i % 10000) / 7.0, 2), to_timestamp(1600000000 + i) FROM generate_series(1, {rows}) i;
                ALTER TABLE child ADD CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent(id);
                ALTER TABLE child ADD CONSTRAINT fk_child_tenant FOREIGN KEY (tenant_id) REFERENCES tenant(id);
                CREATE INDEX ix_parent_tenant ON parent(tenant_id);
                CREATE INDEX ix_child_parent ON child(parent_id);
                CREATE INDEX ix_child_tenant ON child(tenant_id);
                """, commandTimeout: 0).ConfigureAwait(false);
            // alone: VACUUM cannot run inside the batch's implicit transaction
            await c.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 0).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"postgres: built in {sw.Elapsed.TotalSeconds:F1} s");
        await CompareAsync($"PostgreSQL {version}", location, async () =>
        {
            await using var c = new NpgsqlConnection(location.ConnectionString);
            await c.OpenAsync().ConfigureAwait(false);
            await BareAsync(c, n => $"\"{n}\"").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Times the bare queries and the profiler (each once to warm the caches, then once timed) and prints the row.</summary>
    private static async Task CompareAsync(string dialect, DatabaseLocation location, Func<Task> bare)
    {
        var bareTime = await TimeAsync(bare).ConfigureAwait(false);
        var phases = new PhaseTimer();
        var profileTime = await TimeAsync(() => Profiler.ProfileAsync(location, new ProfileSettings(), phases.Restart()))
            .ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {dialect} | {bareTime.TotalSeconds:F2} s | {profileTime.TotalSeconds:F2} s | **{profileTime / bareTime:F2}×** | {Load()} |"));
        Console.Error.WriteLine($"{dialect}: where the timed profile spent its time: {phases.Summary()}");
    }

    /// <summary>The profiler's steps (<see cref="ProfilingProgress"/>) timed: seconds per (table, phase) of the last run.</summary>
    private sealed class PhaseTimer : IProgress<string>, IProgress<ProfilingProgress>
    {
        private readonly List<(string Step, TimeSpan Elapsed)> _steps = [];
        private readonly Stopwatch _clock = new();
        private string? _current;

        public PhaseTimer Restart()
        {
            _steps.Clear();
            _current = "open, schema";
            _clock.Restart();
            return this;
        }

        public void Report(string value)
        {
        }

        public void Report(ProfilingProgress value)
        {
            if (value.Rows > 0)
                return;
            Close();
            _current = $"{value.Table} {value.Phase}";
        }

        public string Summary()
        {
            Close();
            return string.Join(", ", _steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Elapsed.TotalSeconds:F2} s")));
        }

        private void Close()
        {
            if (_current is not null)
                _steps.Add((_current, _clock.Elapsed));
            _current = null;
            _clock.Restart();
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        await action().ConfigureAwait(false); // warm-up: same cache state for both sides
        var sw = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return sw.Elapsed;
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
