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
/// exactly those rows (written beforehand, not timed). Also: generation alone (no database) and SQLite.
/// </summary>
internal static class GenerateBench
{
    /// <summary>Generates every row of the plan with <paramref name="workers"/> threads, discarding them (a fresh generator, so the
    /// per-table parent assignments are part of the time).</summary>
    private static TimeSpan GenerateOnly(DatabaseProfile profile, GenerationPlan plan, int workers)
    {
        var clock = Stopwatch.StartNew();
        var generator = new RowGenerator(profile, plan);
        long n = 0;
        foreach (var t in plan.Tables)
        {
            foreach (var _ in generator.Rows(t.Name, workers))
                n++;
        }

        return n == plan.Tables.Sum(t => t.TargetRows) ? clock.Elapsed : throw new InvalidOperationException("row count mismatch");
    }

    public static async Task RunAsync(string profilePath, double scale, string? mysql)
    {
        var profile = await ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 1 });
        var rows = plan.Tables.Sum(t => t.TargetRows);
        Console.WriteLine($"# generate benchmark: {Path.GetFileName(profilePath)} ×{scale}, {rows:N0} rows, {plan.Tables.Count} tables; {Environment.ProcessorCount} cores");

        // generation alone, on one thread and on every core (chunks generated in parallel, consumed in row order)
        var generator = new RowGenerator(profile, plan);
        var oneThread = GenerateOnly(profile, plan, 1);
        var generateOnly = GenerateOnly(profile, plan, Environment.ProcessorCount);
        Console.WriteLine($"generation only (no database), 1 thread: {oneThread.TotalSeconds:F2} s, {rows / oneThread.TotalSeconds:N0} rows/s");
        Console.WriteLine($"generation only (no database), {Environment.ProcessorCount} threads: {generateOnly.TotalSeconds:F2} s, "
            + $"{rows / generateOnly.TotalSeconds:N0} rows/s ({oneThread / generateOnly:F2}× one thread)");

        var sqlitePath = Path.Combine(Path.GetTempPath(), $"duckface-genbench-{Environment.ProcessId}.db");
        var sqlite = Stopwatch.StartNew();
        await using (var writer = await SqliteWriter.CreateAsync(DatabaseLocation.Parse(sqlitePath), replace: true, profile.Source.Dialect).ConfigureAwait(false))
            await DatabaseGenerator.RunAsync(profile, plan, writer).ConfigureAwait(false);
        sqlite.Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(sqlitePath);
        Console.WriteLine($"| sqlite | generation alone {generateOnly.TotalSeconds:F2} s | ours (generate + load + FK check) {sqlite.Elapsed.TotalSeconds:F2} s | {rows / sqlite.Elapsed.TotalSeconds:N0} rows/s |");

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
