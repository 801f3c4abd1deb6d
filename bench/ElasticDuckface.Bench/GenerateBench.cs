using System.Diagnostics;
using System.Text;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Bench;

/// <summary>
/// Generation and load speed against the database's own bulk load of the same rows:
/// ours = generate + MySqlBulkCopy into MariaDB; baseline = MariaDB's LOAD DATA LOCAL INFILE of a TSV file holding
/// exactly those rows (written beforehand, not timed). Also: generation alone (no database), and SQLite against a bare
/// prepared-insert loop of the same rows (<see cref="SqliteBareLoop"/>).
/// </summary>
internal static class GenerateBench
{
    /// <summary>Generates every row of the plan with <paramref name="workers"/> threads, discarding them (a fresh generator, so the
    /// per-table parent assignments are part of the time).</summary>
    private static Measured GenerateOnly(DatabaseProfile profile, GenerationPlan plan, int workers)
    {
        var start = Measured.Start();
        var generator = new RowGenerator(profile, plan);
        long n = 0;
        var prefetcher = new TablePrefetcher(generator, [.. plan.Tables.Select(t => t.Name)]);
        for (var i = 0; i < plan.Tables.Count; i++)
        {
            if (workers > 1)
                prefetcher.Reached(i);
            foreach (var _ in generator.Rows(plan.Tables[i].Name, workers))
                n++;
        }

        return n == plan.Tables.Sum(t => t.TargetRows) ? start.Stop() : throw new InvalidOperationException("row count mismatch");
    }

    /// <summary>Generates every row of the plan with <paramref name="workers"/> threads into CSV files (the CLI's
    /// <c>--format csv</c> writer) in a temporary directory; returns the time and the SHA-256 of the files in table order.</summary>
    private static async Task<(Measured Time, string Sha256)> GenerateCsvAsync(DatabaseProfile profile, GenerationPlan plan, int workers)
    {
        var dir = Directory.CreateTempSubdirectory("duckface-genbench-csv-");
        var start = Measured.Start();
        var generator = new RowGenerator(profile, plan);
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = plan.Tables.Select(t => tables[t.Name]).ToList();
        await using (var writer = await CsvWriter.CreateAsync(dir.FullName, replace: true).ConfigureAwait(false))
        {
            await writer.CreateSchemaAsync(ordered).ConfigureAwait(false);
            var prefetcher = new TablePrefetcher(generator, [.. ordered.Select(t => t.Name)]);
            for (var i = 0; i < ordered.Count; i++)
            {
                if (workers > 1)
                    prefetcher.Reached(i);
                _ = await writer.WriteRowsAsync(ordered[i], generator.Rows(ordered[i].Name, workers)).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }

        var time = start.Stop();
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var t in ordered)
            sha.AppendData(await File.ReadAllBytesAsync(Path.Combine(dir.FullName, t.Name + ".csv")).ConfigureAwait(false));
        dir.Delete(true);
        return (time, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Wall and CPU time of the process (every thread) and the collector's work over one measured run.</summary>
    private readonly record struct Measured(TimeSpan Wall, TimeSpan Cpu, int Gen0, int Gen1, int Gen2, long Allocated, TimeSpan Paused)
    {
        private long Clock { get; init; }

        public static Measured Start() => new(default, GenerateBench.Cpu(), GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration()) { Clock = Stopwatch.GetTimestamp() };

        public Measured Stop() => new(Stopwatch.GetElapsedTime(Clock), GenerateBench.Cpu() - Cpu, GC.CollectionCount(0) - Gen0,
            GC.CollectionCount(1) - Gen1, GC.CollectionCount(2) - Gen2, GC.GetTotalAllocatedBytes() - Allocated,
            GC.GetTotalPauseDuration() - Paused);

        public string Line(string what, long rows, Measured? one = null) =>
            $"{what}: {Wall.TotalSeconds:F2} s, {rows / Wall.TotalSeconds:N0} rows/s ({Cpu.TotalSeconds:F2} s CPU, "
            + $"{rows / Cpu.TotalSeconds:N0} rows per CPU second, {Cpu / Wall:F2} cores busy"
            + (one is { } o ? $"; {o.Wall / Wall:F2}× one thread's speed, {Cpu / o.Cpu:F2}× its CPU" : "")
            + $"; GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}, {Allocated / 1048576.0:N0} MiB allocated, GC pauses {Paused.TotalSeconds:F2} s)";
    }

    /// <summary>Where generation time goes, per table, on one thread, in CPU time of the process (the machine may be shared:
    /// wall time would count the waits for a core): the constructor, the first row (the table's per-row state: parent
    /// assignments, ranks, correlation), the other rows, and formatting the rows as text.</summary>
    public static async Task PhasesAsync(string profilePath, double scale)
    {
        var profile = await ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 1 });
        var cpu = Cpu();
        var generator = new RowGenerator(profile, plan);
        Console.WriteLine($"constructor: {(Cpu() - cpu).TotalSeconds:F2} s CPU");
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        TimeSpan state = default, rest = default, format = default;
        foreach (var t in plan.Tables)
        {
            var columns = tables[t.Name].Columns;
            cpu = Cpu();
            using var e = generator.Rows(t.Name).GetEnumerator();
            var any = e.MoveNext();
            var first = Cpu() - cpu;
            var materialized = new List<object?[]>();
            while (any)
            {
                materialized.Add(e.Current);
                any = e.MoveNext();
            }

            var others = Cpu() - cpu - first;
            cpu = Cpu();
            long chars = 0;
            foreach (var row in materialized)
            {
                for (var i = 0; i < row.Length; i++)
                    chars += RowValueText.Format(row[i], columns[i].Category == ColumnCategory.Date)?.Length ?? 0;
            }

            var formatting = Cpu() - cpu;
            (state, rest, format) = (state + first, rest + others, format + formatting);
            Console.WriteLine($"{t.Name,-16} {t.TargetRows,10:N0} rows: first row {first.TotalSeconds:F2} s, "
                + $"the rest {others.TotalSeconds:F2} s, formatting {formatting.TotalSeconds:F2} s ({chars:N0} chars)");
        }

        Console.WriteLine($"total CPU: first rows {state.TotalSeconds:F2} s, the rest {rest.TotalSeconds:F2} s, "
            + $"formatting {format.TotalSeconds:F2} s");
    }

    /// <summary>The process's CPU time so far (every thread).</summary>
    internal static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Generation alone (to a discarding sink and to CSV files), then, unless <paramref name="onlyGeneration"/>, SQLite and
    /// (with <paramref name="mysql"/>) MariaDB end to end against their own bulk loads.</summary>
    public static async Task RunAsync(string profilePath, double scale, string? mysql, bool generationOnly = true,
        bool onlyGeneration = false, bool sqlite = true)
    {
        var profile = await ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 1 });
        var rows = plan.Tables.Sum(t => t.TargetRows);
        Console.WriteLine($"# generate benchmark: {Path.GetFileName(profilePath)} ×{scale}, {rows:N0} rows, {plan.Tables.Count} tables "
            + $"({string.Join(", ", plan.Tables.Select(t => $"{t.Name} {t.TargetRows:N0}"))}); {Environment.ProcessorCount} cores");

        // generation alone, on one thread and on every core (chunks generated in parallel, consumed in row order)
        var generator = new RowGenerator(profile, plan);
        if (generationOnly)
        {
            // a run on a hundredth of the plan first, so that neither thread count pays the JIT in its time
            var warm = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale / 100, Seed = 1 });
            _ = GenerateOnly(profile, warm, Environment.ProcessorCount);
            _ = await GenerateCsvAsync(profile, warm, Environment.ProcessorCount).ConfigureAwait(false);
            var one = GenerateOnly(profile, plan, 1);
            var all = GenerateOnly(profile, plan, Environment.ProcessorCount);
            Console.WriteLine(one.Line("generation only (no database), 1 thread", rows));
            Console.WriteLine(all.Line($"generation only (no database), {Environment.ProcessorCount} threads", rows, one));
            var (csvOne, hashOne) = await GenerateCsvAsync(profile, plan, 1).ConfigureAwait(false);
            var (csvAll, hashAll) = await GenerateCsvAsync(profile, plan, Environment.ProcessorCount).ConfigureAwait(false);
            Console.WriteLine(csvOne.Line("generation to CSV files, 1 thread", rows));
            Console.WriteLine(csvAll.Line($"generation to CSV files, {Environment.ProcessorCount} threads", rows, csvOne));
            Console.WriteLine($"CSV SHA-256, 1 thread {hashOne}, {Environment.ProcessorCount} threads {hashAll}: "
                + (hashOne == hashAll ? "identical" : "DIFFERENT"));
        }

        if (onlyGeneration)
            return;

        if (sqlite)
            await SqliteAsync(profile, plan, scale, rows).ConfigureAwait(false);
        if (mysql is not null)
            await MariaDbAsync(profile, plan, mysql, rows).ConfigureAwait(false);
    }

    private static async Task SqliteAsync(DatabaseProfile profile, GenerationPlan plan, double scale, long rows)
    {
        // SQLite: the bare prepared-insert loop of the same rows, then duckface end to end, in this invocation; both sides
        // run once on a plan a hundredth the size first, so neither pays the JIT or the first file creation in its time
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"duckface-genbench-{Environment.ProcessId}.db");
        var warmPlan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale / 100, Seed = 1 });
        _ = await SqliteBareLoop.RunAsync(profile, warmPlan, sqlitePath + ".bare").ConfigureAwait(false);
        _ = await OursSqliteAsync(profile, warmPlan, sqlitePath).ConfigureAwait(false);
        var bare = await SqliteBareLoop.RunAsync(profile, plan, sqlitePath + ".bare").ConfigureAwait(false);
        var sqlite = await OursSqliteAsync(profile, plan, sqlitePath).ConfigureAwait(false);
        Console.WriteLine($"sqlite bare loop split: inserts {bare.Inserts.TotalSeconds:F2} s, "
            + $"secondary indexes {bare.Indexes.TotalSeconds:F2} s, "
            + $"commit {bare.Commit.TotalSeconds:F2} s; not in the baseline: orphan check on its file {bare.Checks.TotalSeconds:F2} s, "
            + $"converting the values to SQLite's (untimed in the loop) {bare.Converting.TotalSeconds:F2} s");
        Console.WriteLine($"| sqlite | bare prepared-insert loop of the same rows {bare.Total.TotalSeconds:F2} s "
            + $"| ours (generate + load + indexes + FK and integrity check) {sqlite.TotalSeconds:F2} s "
            + $"| {rows / sqlite.TotalSeconds:N0} rows/s | ratio = duckface end to end / bare loop = {sqlite / bare.Total:F2}x |");

    }

    /// <summary>
    /// MariaDB: the server's own LOAD DATA of the same rows (TSV files written beforehand) into the indexed schema, one
    /// statement per table as a user would run it, then ours end to end; both in wall time and CPU seconds of this process
    /// and of the server. Also the LOAD DATA with InnoDB's bulk load switched on (unique_checks = 0, one transaction per
    /// table), the fastest the engine loads these rows into this schema, as a second, stricter baseline.
    /// </summary>
    private static async Task MariaDbAsync(DatabaseProfile profile, GenerationPlan plan, string mysql, long rows)
    {
        var generator = new RowGenerator(profile, plan);
        var location = DatabaseLocation.Parse(mysql);
        var admin = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "", AllowLoadLocalInfile = true }
            .ConnectionString;
        var ours = location with
        {
            ConnectionString = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "bench_ours" }.ConnectionString,
            DatabaseName = "bench_ours",
        };
        await using (var c = new MySqlConnection(admin))
        {
            await c.OpenAsync().ConfigureAwait(false);
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench_ours; DROP DATABASE IF EXISTS bench_base; "
                + "CREATE DATABASE bench_base CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;").ConfigureAwait(false);
        }

        // baseline input: the same rows as TSV files with \N for NULL, written before timing starts
        var dir = Directory.CreateTempSubdirectory("duckface-genbench-");
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var files = new List<(TableProfile Table, string File)>();
        foreach (var t in plan.Tables)
        {
            var table = tables[t.Name];
            var file = Path.Combine(dir.FullName, t.Name + ".tsv");
            await using (var w = new StreamWriter(file, false, new UTF8Encoding(false)))
            {
                foreach (var row in generator.Rows(t.Name))
                {
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (i > 0)
                            w.Write('\t');
                        w.Write(Tsv(row[i], table.Columns[i].Category));
                    }

                    w.Write('\n');
                }
            }

            files.Add((table, file));
        }

        var port = (int)new MySqlConnectionStringBuilder(admin).Port;
        var (baseline, baseCpu, baseServer) = await TimedAsync(port,
            () => LoadDataAsync(profile, admin, "bench_base", files, bulk: false)).ConfigureAwait(false);
        TimingWriter? phases = null;
        var (oursTime, oursCpu, oursServer) = await TimedAsync(port, async () =>
        {
            await using var writer = new TimingWriter(await MySqlWriter.OpenAsync(ours, profile.Source.Dialect).ConfigureAwait(false));
            phases = writer;
            await DatabaseGenerator.RunAsync(profile, plan, writer).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Console.WriteLine($"mariadb ours split: schema {phases!.Schema.TotalSeconds:F2} s, rows "
            + string.Join(", ", phases.Tables.Select(t => $"{t.Name} {t.Time.TotalSeconds:F2} s"))
            + $", complete (the index builds still running, FKs added, FK checks on, orphan check, RENAME into the target) "
            + $"{phases.Complete.TotalSeconds:F2} s");
        Console.WriteLine($"| mariadb | LOAD DATA of the same rows {baseline.TotalSeconds:F2} s (CPU client {baseCpu:F2} + server "
            + $"{baseServer:F2} s) | ours (generate + load + indexes + FKs + orphan check) {oursTime.TotalSeconds:F2} s (CPU client "
            + $"{oursCpu:F2} + server {oursServer:F2} s) | {rows / oursTime.TotalSeconds:N0} rows/s | ratio = {oursTime / baseline:F2}x |");
        await using (var c = new MySqlConnection(admin))
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench_ours; DROP DATABASE IF EXISTS bench_base; "
                + "CREATE DATABASE bench_bulk CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;").ConfigureAwait(false);
        var (bulk, bulkCpu, bulkServer) = await TimedAsync(port,
            () => LoadDataAsync(profile, admin, "bench_bulk", files, bulk: true)).ConfigureAwait(false);
        dir.Delete(true);
        await using (var c = new MySqlConnection(admin))
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench_bulk;").ConfigureAwait(false);
        Console.WriteLine($"| mariadb | LOAD DATA with InnoDB's bulk load (unique_checks = 0, one transaction per table) "
            + $"{bulk.TotalSeconds:F2} s (CPU client {bulkCpu:F2} + server {bulkServer:F2} s) | ours / it = {oursTime / bulk:F2}x "
            + $"| the default LOAD DATA / it = {baseline / bulk:F2}x |");
    }

    /// <summary>
    /// LOAD DATA LOCAL INFILE of every file into <paramref name="database"/> with the indexed schema, foreign key checks off;
    /// with <paramref name="bulk"/> also unique_checks = 0 and each table in its own transaction (InnoDB's bulk load into an
    /// empty table), without it what a user runs: one LOAD DATA statement per table.
    /// </summary>
    private static async Task LoadDataAsync(DatabaseProfile profile, string admin, string database,
        List<(TableProfile Table, string File)> files, bool bulk)
    {
        await using var c = new MySqlConnection(new MySqlConnectionStringBuilder(admin) { Database = database }.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        await c.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 0" + (bulk ? ", SESSION unique_checks = 0" : "")).ConfigureAwait(false);
        foreach (var (table, _) in files)
            await c.ExecuteAsync(MySqlDdl.CreateTable(table, profile.Source.Dialect)).ConfigureAwait(false);
        foreach (var statement in files.SelectMany(f => MySqlDdl.AddForeignKeys(f.Table)))
            await c.ExecuteAsync(statement).ConfigureAwait(false);
        foreach (var (table, file) in files)
        {
            var loader = new MySqlBulkLoader(c)
            {
                TableName = MySqlNames.Quote(table.Name), FileName = file, Local = true, FieldTerminator = "\t", LineTerminator = "\n",
                EscapeCharacter = '\\', Timeout = 0,
            };
            if (bulk)
                await c.ExecuteAsync("START TRANSACTION").ConfigureAwait(false);
            await loader.LoadAsync().ConfigureAwait(false);
            if (bulk)
                await c.ExecuteAsync("COMMIT").ConfigureAwait(false);
        }

        await c.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 1").ConfigureAwait(false);
    }

    /// <summary>Wall time, this process's CPU seconds and the throwaway server's (0 for another server) over one run.</summary>
    private static async Task<(TimeSpan Wall, double ClientCpu, double ServerCpu)> TimedAsync(int port, Func<Task> run)
    {
        var (cpu, server) = (Cpu(), MariaDbCpuSeconds(port));
        var clock = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        return (clock.Elapsed, (Cpu() - cpu).TotalSeconds, MariaDbCpuSeconds(port) - server);
    }

    /// <summary>CPU seconds so far of the <c>mariadbd</c> listening on <paramref name="port"/> (the throwaway's command line
    /// names it), from /proc; 0 when there is none or off Linux.</summary>
    private static double MariaDbCpuSeconds(int port)
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        var flag = "--port=" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!cmdline[0].EndsWith("mariadbd", StringComparison.Ordinal) || !cmdline.Contains(flag))
                    continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // the fields after "(command)": state ppid ... utime(14) stime(15), counted from 1
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(f[14 - 3], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(f[15 - 3], System.Globalization.CultureInfo.InvariantCulture)) / 100.0; // USER_HZ
            }
            catch (IOException)
            {
                // a process that ended while listed
            }
            catch (UnauthorizedAccessException)
            {
                // another user's process
            }
        }

        return 0;
    }

    /// <summary>A writer that times each call of the one it wraps: the split of ours' run.</summary>
    private sealed class TimingWriter(IDatabaseWriter inner) : IDatabaseWriter
    {
        private readonly Stopwatch _created = Stopwatch.StartNew();

        public TimeSpan Schema { get; private set; }

        public List<(string Name, TimeSpan Time)> Tables { get; } = [];

        public TimeSpan Complete { get; private set; }

        public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
        {
            await inner.CreateSchemaAsync(tables, cancellationToken).ConfigureAwait(false);
            Schema = _created.Elapsed;
        }

        public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows,
            CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            var n = await inner.WriteRowsAsync(table, rows, cancellationToken).ConfigureAwait(false);
            Tables.Add((table.Name, clock.Elapsed));
            return n;
        }

        public async Task CompleteAsync(CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
            Complete = clock.Elapsed;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Duckface into a new SQLite file, end to end (open, schema, generate, insert, indexes, checks, rename).</summary>
    private static async Task<TimeSpan> OursSqliteAsync(DatabaseProfile profile, GenerationPlan plan, string path)
    {
        var clock = Stopwatch.StartNew();
        await using (var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(path), replace: true, profile.Source.Dialect)
                         .ConfigureAwait(false))
            await DatabaseGenerator.RunAsync(profile, plan, writer).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        return elapsed;
    }

    private static string Tsv(object? value, ColumnCategory category)
    {
        if (value is null)
            return "\\N";
        var text = RowValueText.Format(value, category == ColumnCategory.Date) ?? "\\N";
        if (value is byte[] bytes)
            text = Encoding.Latin1.GetString(bytes);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
    }
}
