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
    private static (TimeSpan Wall, TimeSpan Cpu) GenerateOnly(DatabaseProfile profile, GenerationPlan plan, int workers)
    {
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
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

        return n == plan.Tables.Sum(t => t.TargetRows) ? (clock.Elapsed, Cpu() - cpu) : throw new InvalidOperationException("row count mismatch");
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
    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static async Task RunAsync(string profilePath, double scale, string? mysql, bool generationOnly = true)
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
            var (oneThread, oneCpu) = GenerateOnly(profile, plan, 1);
            var (generateOnly, allCpu) = GenerateOnly(profile, plan, Environment.ProcessorCount);
            Console.WriteLine($"generation only (no database), 1 thread: {oneThread.TotalSeconds:F2} s, {rows / oneThread.TotalSeconds:N0} rows/s "
                + $"({oneCpu.TotalSeconds:F2} s CPU, {rows / oneCpu.TotalSeconds:N0} rows per CPU second)");
            Console.WriteLine($"generation only (no database), {Environment.ProcessorCount} threads: {generateOnly.TotalSeconds:F2} s, "
                + $"{rows / generateOnly.TotalSeconds:N0} rows/s ({oneThread / generateOnly:F2}× one thread; {allCpu.TotalSeconds:F2} s CPU, "
                + $"{allCpu / generateOnly:F2} cores busy on average)");
        }

        // SQLite: the bare prepared-insert loop of the same rows, then duckface end to end, in this invocation; both sides
        // run once on a plan a hundredth the size first, so neither pays the JIT or the first file creation in its time
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"duckface-genbench-{Environment.ProcessId}.db");
        var warmPlan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale / 100, Seed = 1 });
        _ = await SqliteBareLoop.RunAsync(profile, warmPlan, sqlitePath + ".bare").ConfigureAwait(false);
        _ = await OursSqliteAsync(profile, warmPlan, sqlitePath).ConfigureAwait(false);
        var bare = await SqliteBareLoop.RunAsync(profile, plan, sqlitePath + ".bare").ConfigureAwait(false);
        var sqlite = await OursSqliteAsync(profile, plan, sqlitePath).ConfigureAwait(false);
        Console.WriteLine($"sqlite bare loop split: inserts {bare.Inserts.TotalSeconds:F2} s, secondary indexes {bare.Indexes.TotalSeconds:F2} s, "
            + $"commit {bare.Commit.TotalSeconds:F2} s; not in the baseline: orphan check + quick_check on its file {bare.Checks.TotalSeconds:F2} s, "
            + $"converting the values to SQLite's (untimed in the loop) {bare.Converting.TotalSeconds:F2} s");
        Console.WriteLine($"| sqlite | bare prepared-insert loop of the same rows {bare.Total.TotalSeconds:F2} s "
            + $"| ours (generate + load + indexes + FK and integrity check) {sqlite.TotalSeconds:F2} s "
            + $"| {rows / sqlite.TotalSeconds:N0} rows/s | ratio = duckface end to end / bare loop = {sqlite / bare.Total:F2}x |");

        if (mysql is null)
            return;

        var location = DatabaseLocation.Parse(mysql);
        var admin = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "", AllowLoadLocalInfile = true }.ConnectionString;
        var ours = location with { ConnectionString = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "bench_ours" }.ConnectionString, DatabaseName = "bench_ours" };
        await using (var c = new MySqlConnection(admin))
        {
            await c.OpenAsync().ConfigureAwait(false);
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench_ours; DROP DATABASE IF EXISTS bench_base; CREATE DATABASE bench_base CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;").ConfigureAwait(false);
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

        var baseline = Stopwatch.StartNew();
        await using (var c = new MySqlConnection(new MySqlConnectionStringBuilder(admin) { Database = "bench_base" }.ConnectionString))
        {
            await c.OpenAsync().ConfigureAwait(false);
            await c.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 0").ConfigureAwait(false);
            foreach (var (table, _) in files)
                await c.ExecuteAsync(MySqlDdl.CreateTable(table, profile.Source.Dialect)).ConfigureAwait(false);
            foreach (var statement in files.SelectMany(f => MySqlDdl.AddForeignKeys(f.Table)))
                await c.ExecuteAsync(statement).ConfigureAwait(false);
            foreach (var (table, file) in files)
            {
                var loader = new MySqlBulkLoader(c) { TableName = MySqlNames.Quote(table.Name), FileName = file, Local = true, FieldTerminator = "\t", LineTerminator = "\n", EscapeCharacter = '\\', Timeout = 0 };
                await loader.LoadAsync().ConfigureAwait(false);
            }

            await c.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 1").ConfigureAwait(false);
        }

        baseline.Stop();
        var oursTime = Stopwatch.StartNew();
        await using (var writer = await MySqlWriter.OpenAsync(ours, profile.Source.Dialect).ConfigureAwait(false))
            await DatabaseGenerator.RunAsync(profile, plan, writer).ConfigureAwait(false);
        oursTime.Stop();
        dir.Delete(true);
        await using (var c = new MySqlConnection(admin))
            await c.ExecuteAsync("DROP DATABASE IF EXISTS bench_ours; DROP DATABASE IF EXISTS bench_base;").ConfigureAwait(false);
        Console.WriteLine($"| mariadb | LOAD DATA of the same rows {baseline.Elapsed.TotalSeconds:F2} s | ours (generate + MySqlBulkCopy + orphan check) {oursTime.Elapsed.TotalSeconds:F2} s | {oursTime.Elapsed / baseline.Elapsed:F2}x |");
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
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
    }
}
