using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Npgsql;

namespace ElasticDuckface.Bench;

/// <summary>
/// <c>generate</c> into PostgreSQL against the server's own bulk load of the same rows, on the same server in the same run.
/// Ours: <see cref="DatabaseGenerator"/> + the PostgreSQL engine's writer (what <c>GenerateRun</c> runs), end to end:
/// create the tables, generate and binary-COPY every table, keys and indexes, orphan check, foreign keys, identity
/// sequences, ANALYZE. Baseline: the same DDL (<see cref="PostgresDdl"/>), then server-side <c>COPY t FROM 'file'</c> of
/// files holding exactly the generated rows (exported from a warm-up run before any clock starts, in text and in binary
/// format), then the same keys, indexes, foreign keys, sequences and ANALYZE, so both sides end in the same state.
/// </summary>
internal static class PostgresLoadBench
{
    /// <summary>The settings of the throwaway server; the server is shared, so they apply to both sides.</summary>
    public static IReadOnlyList<string> ServerSettings { get; } =
    [
        "shared_buffers=1GB", "maintenance_work_mem=512MB", "work_mem=64MB", "max_wal_size=8GB", "checkpoint_timeout=30min",
        "wal_level=minimal", "max_wal_senders=0", "fsync=off", "synchronous_commit=off", "full_page_writes=off", "autovacuum=off",
    ];

    private static readonly Dictionary<string, string?> s_noEnvironment = [];

    private static int s_databases;

    /// <summary>
    /// Runs the benchmark for each (profile, scale) on one server: a throwaway one, or the server of <paramref name="url"/>.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<(string Profile, double Scale)> cases, string? url)
    {
        await using var throwaway = url is null or "throwaway"
            ? await ThrowawayPostgres.StartAsync(ServerSettings).ConfigureAwait(false)
            : null;
        var server = throwaway is not null
            ? DatabaseLocation.Parse(throwaway.Url("postgres"), s_noEnvironment)
            : DatabaseLocation.Parse(url!);
        string version;
        await using (var c = new NpgsqlConnection(server.ConnectionString))
        {
            await c.OpenAsync().ConfigureAwait(false);
            version = c.PostgreSqlVersion.ToString();
        }

        Console.WriteLine($"# PostgreSQL load benchmark: PostgreSQL {version}, {Environment.ProcessorCount} cores, "
            + (throwaway is null
                ? $"external server {server.Display} (files sent by COPY FROM STDIN)"
                : "throwaway server: " + string.Join(' ', ServerSettings)));
        foreach (var (profile, scale) in cases)
            await RunCaseAsync(server, throwaway, profile, scale).ConfigureAwait(false);
    }

    private static async Task RunCaseAsync(DatabaseLocation server, ThrowawayPostgres? throwaway, string profilePath, double scale)
    {
        var profile = await ProfileSerializer.ReadAsync(profilePath).ConfigureAwait(false);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 1 });
        var rows = plan.Tables.Sum(t => t.TargetRows);
        var columns = profile.Tables.Sum(t => t.Columns.Count);
        Console.WriteLine();
        Console.WriteLine($"## {Path.GetFileName(profilePath)} ×{scale.ToString(CultureInfo.InvariantCulture)}: {rows:N0} rows, "
            + $"{plan.Tables.Count} tables, {columns} columns");

        var types = WriterOptions.For(profile, false).SourceTypes;
        _ = new RowGenerator(profile, plan, types);
        var setUp = Stopwatch.StartNew();
        _ = new RowGenerator(profile, plan, types);
        Console.WriteLine($"generator set-up alone (new RowGenerator, second time): {Seconds(setUp.Elapsed)}");

        // warm-up of ours; its database is the source of the baseline's files, exported before any clock starts
        var source = await NewDatabaseAsync(server, "src").ConfigureAwait(false);
        var warm = await OursAsync(profile, plan, source).ConfigureAwait(false);
        Console.WriteLine($"ours warm-up: {Seconds(warm.Total)}");
        var dir = throwaway is not null
            ? Directory.CreateDirectory(Path.Combine(throwaway.Directory, "load-" + Guid.NewGuid().ToString("N")[..6]))
            : Directory.CreateTempSubdirectory("duckface-pgload-");
        try
        {
            var files = await ExportAsync(source, profile, plan, dir.FullName).ConfigureAwait(false);
            await PostgresEngine.Instance.DropDatabaseAsync(source, CancellationToken.None).ConfigureAwait(false);
            var serverSide = throwaway is not null;
            var warmBase = await BaselineAsync(server, profile, plan, files, "text", serverSide).ConfigureAwait(false);
            Console.WriteLine($"baseline warm-up (text): {Seconds(warmBase.Total)}");

            // ABBA order, twice over: the spread between the two runs of a side is the noise; "typed" is the writer sending
            // every value through Npgsql's typed binary import (session 7's encoding), "ours" the bytes it encodes itself
            string[] order = ["text", "binary", "typed", "ours", "ours", "typed", "binary", "text"];
            var times = order.Distinct().ToDictionary(o => o, _ => new List<Phases>(), StringComparer.Ordinal);
            foreach (var side in order)
            {
                await CheckpointAsync(server).ConfigureAwait(false);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var serverCpu = ServerCpuSeconds(throwaway);
                var phases = side is "ours" or "typed"
                    ? await OursAsync(profile, plan, await NewDatabaseAsync(server, "ours").ConfigureAwait(false), drop: true,
                        typed: side == "typed").ConfigureAwait(false)
                    : await BaselineAsync(server, profile, plan, files, side, serverSide).ConfigureAwait(false);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(500).ConfigureAwait(false);
                serverCpu = ServerCpuSeconds(throwaway) - serverCpu;
                times[side].Add(phases with { ClientCpu = cpu.TotalSeconds, ServerCpu = serverCpu });
                Console.WriteLine($"  {side,-7} {Seconds(phases.Total)}   ({phases}; CPU: client {cpu.TotalSeconds:F2} s, "
                    + $"server {serverCpu:F2} s)");
            }

            var orphanCheck = await OrphanCheckAsync(server, profile, plan, files, serverSide).ConfigureAwait(false);
            var ours = Mean(times["ours"], p => p.Total);
            var typed = Mean(times["typed"], p => p.Total);
            var text = Mean(times["text"], p => p.Total);
            var binary = Mean(times["binary"], p => p.Total);
            var baseline = Math.Min(text, binary);
            Console.WriteLine($"orphan check alone (the writer's OrphanCheck on a loaded baseline database): {orphanCheck:F2} s");
            Console.WriteLine($"| {Path.GetFileName(profilePath)} ×{scale.ToString(CultureInfo.InvariantCulture)} | {rows:N0} rows "
                + $"| COPY FROM file text {text:F2} s, binary {binary:F2} s | ours {ours:F2} s | **{ours / baseline:F2}×** "
                + $"(vs text {ours / text:F2}×, vs binary {ours / binary:F2}×; typed writes {typed:F2} s, "
                + $"**{typed / baseline:F2}×**) |");
            foreach (var (side, runs) in times)
            {
                Console.WriteLine($"CPU seconds {side}: client {runs.Average(r => r.ClientCpu):F2} "
                    + $"+ server {runs.Average(r => r.ServerCpu):F2}"
                    + $" = {runs.Average(r => r.ClientCpu + r.ServerCpu):F2} (mean of {runs.Count})");
            }

            var o = times["ours"];
            Console.WriteLine($"ours split (mean of {o.Count}): open + generator set-up {Mean(o, p => p.Setup):F2} s, "
                + $"schema {Mean(o, p => p.Schema):F2} s, rows {Mean(o, p => p.Load):F2} s "
                + $"(of which generating {Mean(o, p => p.Generate):F2} s, "
                + $"so COPY encode+send+server {Mean(o, p => p.Load - p.Generate):F2} s), "
                + $"complete {Mean(o, p => p.Complete):F2} s (keys + FKs + sequences + ANALYZE)");
            var b = times[binary <= text ? "binary" : "text"];
            Console.WriteLine($"baseline split (mean of {b.Count}, {(binary <= text ? "binary" : "text")}): "
                + $"schema {Mean(b, p => p.Schema):F2} s, "
                + $"COPY {Mean(b, p => p.Load):F2} s, keys {Mean(b, p => p.Keys):F2} s, FKs {Mean(b, p => p.ForeignKeys):F2} s, "
                + $"sequences + ANALYZE {Mean(b, p => p.Finish):F2} s");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Ours, end to end into an empty database (created before the clock starts).</summary>
    private static async Task<Phases> OursAsync(DatabaseProfile profile, GenerationPlan plan, DatabaseLocation target, bool drop = false,
        bool typed = false)
    {
        var options = WriterOptions.For(profile, false);
        var clock = Stopwatch.StartNew();
        var inner = await PostgresWriter.OpenAsync(target, options, PostgresWriter.DefaultConnections, typed,
            CancellationToken.None).ConfigureAwait(false);
        var writer = new TimedWriter(inner);
        await using (writer.ConfigureAwait(false))
            await DatabaseGenerator.RunAsync(profile, plan, writer, options.SourceTypes).ConfigureAwait(false);
        var phases = writer.Phases with { Total = clock.Elapsed };
        if (drop)
            await PostgresEngine.Instance.DropDatabaseAsync(target, CancellationToken.None).ConfigureAwait(false);
        return phases;
    }

    /// <summary>The server's own load of the exported files into an empty database (created before the clock starts).</summary>
    private static async Task<Phases> BaselineAsync(DatabaseLocation server, DatabaseProfile profile, GenerationPlan plan,
        IReadOnlyDictionary<(string Table, string Format), string> files, string format, bool serverSide, bool drop = true)
    {
        var target = await NewDatabaseAsync(server, "base").ConfigureAwait(false);
        var phases = await LoadBaselineAsync(target, profile, plan, files, format, serverSide).ConfigureAwait(false);
        if (drop)
            await PostgresEngine.Instance.DropDatabaseAsync(target, CancellationToken.None).ConfigureAwait(false);
        return phases;
    }

    private static async Task<Phases> LoadBaselineAsync(DatabaseLocation target, DatabaseProfile profile, GenerationPlan plan,
        IReadOnlyDictionary<(string Table, string Format), string> files, string format, bool serverSide)
    {
        var options = WriterOptions.For(profile, false);
        var tables = Ordered(profile, plan);
        var clock = Stopwatch.StartNew();
        await using var c = new NpgsqlConnection(target.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        var columns = tables.ToDictionary(t => t.Name, t => PostgresDdl.Columns(t, options), StringComparer.Ordinal);
        foreach (var (name, labels) in PostgresDdl.EnumTypes(columns.Values.SelectMany(x => x)))
            await ExecuteAsync(c, PostgresDdl.CreateEnum(name, labels)).ConfigureAwait(false);
        foreach (var t in tables)
            await ExecuteAsync(c, PostgresDdl.CreateTable(t, columns[t.Name])).ConfigureAwait(false);

        var schema = clock.Elapsed;
        foreach (var t in tables)
        {
            var file = files[(t.Name, format)];
            var copy = $"COPY {PostgresNames.Quote(t.Name)} FROM {PostgresNames.Literal(file)} (FORMAT {format})";
            if (serverSide)
                await ExecuteAsync(c, copy).ConfigureAwait(false);
            else
                await CopyFromClientAsync(c, t.Name, file, format).ConfigureAwait(false);
        }

        var load = clock.Elapsed;
        var names = PostgresDdl.TakenNames(tables);
        foreach (var statement in tables.SelectMany(t => PostgresDdl.AddKeys(t, names)))
            await ExecuteAsync(c, statement).ConfigureAwait(false);
        var keys = clock.Elapsed;
        foreach (var statement in tables.SelectMany(t => PostgresDdl.AddForeignKeys(t, names)))
            await ExecuteAsync(c, statement).ConfigureAwait(false);
        var foreignKeys = clock.Elapsed;
        foreach (var t in tables)
        {
            foreach (var column in columns[t.Name].Where(PostgresDdl.IsIdentity))
                await ExecuteAsync(c, PostgresDdl.ResetIdentity(target.Schema ?? "public", t, column)).ConfigureAwait(false);
        }

        foreach (var t in tables)
            await ExecuteAsync(c, "ANALYZE " + PostgresNames.Quote(t.Name)).ConfigureAwait(false);
        var total = clock.Elapsed;
        return new Phases(total, schema, load - schema, TimeSpan.Zero, total - load)
        {
            Keys = keys - load,
            ForeignKeys = foreignKeys - keys,
            Finish = total - foreignKeys,
        };
    }

    /// <summary>Seconds of the writer's orphan check (one NOT EXISTS count per FK) on a loaded baseline database.</summary>
    private static async Task<double> OrphanCheckAsync(DatabaseLocation server, DatabaseProfile profile, GenerationPlan plan,
        IReadOnlyDictionary<(string Table, string Format), string> files, bool serverSide)
    {
        var target = await NewDatabaseAsync(server, "orph").ConfigureAwait(false);
        await LoadBaselineAsync(target, profile, plan, files, "binary", serverSide).ConfigureAwait(false);
        await using var c = new NpgsqlConnection(target.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        var tables = Ordered(profile, plan);
        _ = await OrphanCheck.FindAsync(c, null, PostgresNames.Quote, tables, CancellationToken.None).ConfigureAwait(false); // warm
        var clock = Stopwatch.StartNew();
        var orphans = await OrphanCheck.FindAsync(c, null, PostgresNames.Quote, tables, CancellationToken.None).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        if (orphans.Count > 0)
            throw new InvalidOperationException("The baseline database has orphans: the exported files are not the generated rows.");
        await c.CloseAsync().ConfigureAwait(false);
        await PostgresEngine.Instance.DropDatabaseAsync(target, CancellationToken.None).ConfigureAwait(false);
        return seconds;
    }

    /// <summary>
    /// Writes every table of <paramref name="source"/> to a text and a binary COPY file; returns them by (table, format).
    /// </summary>
    private static async Task<IReadOnlyDictionary<(string Table, string Format), string>> ExportAsync(DatabaseLocation source,
        DatabaseProfile profile, GenerationPlan plan, string dir)
    {
        var files = new Dictionary<(string, string), string>();
        await using var c = new NpgsqlConnection(source.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        long bytes = 0;
        foreach (var t in Ordered(profile, plan))
        {
            var q = PostgresNames.Quote(t.Name);
            var text = Path.Combine(dir, t.Name + ".txt");
            using (var reader = await c.BeginTextExportAsync($"COPY {q} TO STDOUT (FORMAT text)").ConfigureAwait(false))
            await using (var w = new StreamWriter(text))
                await w.WriteAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
            var binary = Path.Combine(dir, t.Name + ".bin");
            await using (var stream = await c.BeginRawBinaryCopyAsync($"COPY {q} TO STDOUT (FORMAT binary)").ConfigureAwait(false))
            await using (var f = File.Create(binary))
                await stream.CopyToAsync(f).ConfigureAwait(false);
            MakeReadable(text);
            MakeReadable(binary);
            files[(t.Name, "text")] = text;
            files[(t.Name, "binary")] = binary;
            bytes += new FileInfo(text).Length;
        }

        MakeReadable(dir);
        Console.WriteLine($"baseline input: {files.Count} files in {dir} ({bytes / 1e6:F1} MB as text)");
        return files;
    }

    /// <summary>Lets the server's user (<c>postgres</c> when we run as root) read a file, or list a directory.</summary>
    private static void MakeReadable(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        var read = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, Directory.Exists(path)
            ? read | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute
            : read);
    }

    /// <summary>An external server cannot read the client's files: send them as COPY FROM STDIN, unparsed.</summary>
    private static async Task CopyFromClientAsync(NpgsqlConnection c, string table, string file, string format)
    {
        var copy = $"COPY {PostgresNames.Quote(table)} FROM STDIN (FORMAT {format})";
        if (format == "binary")
        {
            await using var stream = await c.BeginRawBinaryCopyAsync(copy).ConfigureAwait(false);
            await using var f = File.OpenRead(file);
            await f.CopyToAsync(stream).ConfigureAwait(false);
            return;
        }

        await using var writer = await c.BeginTextImportAsync(copy).ConfigureAwait(false);
        using var reader = File.OpenText(file);
        var buffer = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            await writer.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
    }

    private static List<TableProfile> Ordered(DatabaseProfile profile, GenerationPlan plan)
    {
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return [.. plan.Tables.Select(t => tables[t.Name])];
    }

    private static async Task<DatabaseLocation> NewDatabaseAsync(DatabaseLocation server, string prefix)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"pgload_{prefix}_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}");
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        var location = server with { ConnectionString = builder.ConnectionString, DatabaseName = name };
        await PostgresEngine.Instance.CreateDatabaseAsync(location, CancellationToken.None).ConfigureAwait(false);
        return location;
    }

    /// <summary>Writes the previous run's dirty buffers out before the next clock starts.</summary>
    private static async Task CheckpointAsync(DatabaseLocation server)
    {
        await using var c = new NpgsqlConnection(server.ConnectionString);
        await c.OpenAsync().ConfigureAwait(false);
        await ExecuteAsync(c, "CHECKPOINT").ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// CPU seconds of the throwaway server so far: the postmaster's reaped children (the backends of closed connections) and
    /// its live ones, from /proc; 0 for an external server or off Linux.
    /// </summary>
    private static double ServerCpuSeconds(ThrowawayPostgres? throwaway)
    {
        if (throwaway is null || !OperatingSystem.IsLinux())
            return 0;
        var pid = File.ReadLines(Path.Combine(throwaway.DataDirectory, "postmaster.pid")).First().Trim();
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!name.All(char.IsAsciiDigit))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // the fields after "(command)": state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from 1
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (name == pid)
                ticks += long.Parse(f[16 - 3], CultureInfo.InvariantCulture) + long.Parse(f[17 - 3], CultureInfo.InvariantCulture)
                    + long.Parse(f[14 - 3], CultureInfo.InvariantCulture) + long.Parse(f[15 - 3], CultureInfo.InvariantCulture);
            else if (f[4 - 3] == pid)
                ticks += long.Parse(f[14 - 3], CultureInfo.InvariantCulture) + long.Parse(f[15 - 3], CultureInfo.InvariantCulture);
        }

        return ticks / 100.0; // USER_HZ
    }

    private static double Mean(IReadOnlyCollection<Phases> runs, Func<Phases, TimeSpan> part) => runs.Average(r => part(r).TotalSeconds);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// Where one run's time went. Load is generating + COPY for ours (Generate its generating part), COPY for the baseline.
    /// </summary>
    private sealed record Phases(TimeSpan Total, TimeSpan Schema, TimeSpan Load, TimeSpan Generate, TimeSpan Complete)
    {
        public TimeSpan Keys { get; init; }

        public TimeSpan ForeignKeys { get; init; }

        public TimeSpan Finish { get; init; }

        public double ClientCpu { get; init; }

        public double ServerCpu { get; init; }

        /// <summary>Ours: opening the writer and building the generator (before the schema), time no writer call holds.</summary>
        public TimeSpan Setup => Generate > TimeSpan.Zero ? Total - Schema - Load - Complete : TimeSpan.Zero;

        public override string ToString() => Generate > TimeSpan.Zero
            ? $"open + generator set-up {Seconds(Setup)}, schema {Seconds(Schema)}, generate+COPY {Seconds(Load)} "
                + $"(generating {Seconds(Generate)}), complete {Seconds(Complete)}"
            : $"schema {Seconds(Schema)}, COPY {Seconds(Load)}, keys {Seconds(Keys)}, FKs {Seconds(ForeignKeys)}, "
                + $"sequences+ANALYZE {Seconds(Finish)}";
    }

    /// <summary>The writer, with the time of each call and of the generator's <c>MoveNext</c> inside the COPY loop.</summary>
    private sealed class TimedWriter(IDatabaseWriter inner) : IDatabaseWriter
    {
        private TimeSpan _schema;
        private TimeSpan _load;
        private TimeSpan _generate;
        private TimeSpan _complete;

        public Phases Phases => new(TimeSpan.Zero, _schema, _load, _generate, _complete);

        public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            await inner.CreateSchemaAsync(tables, cancellationToken).ConfigureAwait(false);
            _schema += clock.Elapsed;
        }

        public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows,
            CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            var written = await inner.WriteRowsAsync(table, Timed(rows), cancellationToken).ConfigureAwait(false);
            _load += clock.Elapsed;
            return written;
        }

        public async Task CompleteAsync(CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
            _complete += clock.Elapsed;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private IEnumerable<object?[]> Timed(IEnumerable<object?[]> rows)
        {
            using var e = rows.GetEnumerator();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                var more = e.MoveNext();
                _generate += Stopwatch.GetElapsedTime(start);
                if (!more)
                    yield break;
                yield return e.Current;
            }
        }
    }
}
