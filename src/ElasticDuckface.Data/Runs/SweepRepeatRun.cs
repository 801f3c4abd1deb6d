using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// One repeat at one scale: a new database, the commands' environment and private folder, <c>--setup</c>, the fill,
/// <c>--cold</c>, then <c>--run</c> measured (wall time and the server's counters). The database is dropped at the end
/// unless <c>--keep</c>, also when a step fails or the sweep is cancelled.
/// </summary>
internal sealed class SweepRepeatRun(SweepRequest request, SweepServer server, SweepClock clock)
{
    private IReadOnlyList<string> _filled = [];

    /// <summary>The tables the last fill wrote (with a schema made by --setup, those it shares with the profile).</summary>
    public IReadOnlyList<string> Filled => _filled;

    /// <summary>Runs repeat <paramref name="repeat"/> of scale number <paramref name="index"/> (both 1-based).</summary>
    /// <returns>The measures and the rows generated.</returns>
    /// <exception cref="SweepCommandFailedException">--setup or --run exited non-zero (after the database was dropped).</exception>
    public async Task<(SweepRepeat Repeat, long Rows, string? Cold)> RunAsync(int index, double scale, int repeat,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var step = string.Create(CultureInfo.InvariantCulture, $"×{scale:0.######} ({index}/{request.Scales.Count})")
            + (request.Repeat > 1 ? string.Create(CultureInfo.InvariantCulture, $" repeat {repeat}/{request.Repeat}") : "");
        var name = server.DatabaseName(index, repeat);
        var database = server.Locate(name);
        var folder = Path.Combine(request.WorkingDirectory, name);
        clock.Report(progress, $"{step}: creating {name}");
        await server.Scratch.CreateNewAsync(database, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> credentials = [];
        try
        {
            CreatePrivateFolder(folder);
            var client = await server.Scratch.PrepareClientAsync(database, folder, cancellationToken).ConfigureAwait(false);
            credentials = [.. client.Values.Where(v => v.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))];
            var environment = new Dictionary<string, string>(client, StringComparer.Ordinal)
            {
                ["DUCKFACE_DATABASE"] = name,
                ["DUCKFACE_TARGET"] = ServerUrl.WithoutPassword(server.Url(name)),
                ["DUCKFACE_SCALE"] = scale.ToString("0.######", CultureInfo.InvariantCulture),
                ["DUCKFACE_DIR"] = folder,
            };

            if (request.Setup is { } setup)
                await RunStepAsync("--setup", setup, environment, folder, step, progress, cancellationToken).ConfigureAwait(false);
            var rows = await FillAsync(database, server.Url(name), scale, folder, step, progress, cancellationToken).ConfigureAwait(false);
            clock.Report(progress, $"{step}: settling (the server's statistics gathered now, not during --run)");
            await server.Scratch.SettleAsync(database, cancellationToken).ConfigureAwait(false);
            string? cold = null;
            if (request.Cold)
            {
                clock.Report(progress, $"{step}: --cold");
                cold = await server.Scratch.FlushCachesAsync(database, cancellationToken).ConfigureAwait(false);
            }

            var counters = new QuietCounters(server, database);
            var (before, _, _) = await counters.ReadAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunStepAsync("--run", request.Run, environment, folder, step, progress, cancellationToken)
                .ConfigureAwait(false);
            var (after, overhead, reads) = await counters.ReadAsync(cancellationToken).ConfigureAwait(false);
            var measures = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (measure, value) in server.Scratch.Measures(before, after))
                measures[measure] = Math.Max(0, value - (reads * overhead.GetValueOrDefault(measure)));
            measures[SweepMeasures.Seconds] = result.Elapsed.TotalSeconds;
            return (new SweepRepeat(repeat, name, result.ExitCode, Path.Combine(folder, "run.log"), measures), rows, cold);
        }
        finally
        {
            foreach (var file in credentials)
                File.Delete(file);
            if (!request.Keep)
                await DropAsync(database, name, progress).ConfigureAwait(false);
        }
    }

    private async Task<ShellResult> RunStepAsync(string option, string script, Dictionary<string, string> environment,
        string folder, string step, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var log = Path.Combine(folder, option.TrimStart('-') + ".log");
        clock.Report(progress, $"{step}: {option}");
        var result = await ShellCommand.RunAsync(script, environment, log, cancellationToken).ConfigureAwait(false);
        clock.Report(progress, string.Create(CultureInfo.InvariantCulture,
            $"{step}: {option} exited {result.ExitCode} after {result.Elapsed.TotalSeconds:0.000} s"));
        if (result.ExitCode != 0)
        {
            var tail = result.Tail.Count == 0 ? "no output" : "last output: " + string.Join(" | ", result.Tail);
            var kept = request.Keep ? $"kept {environment["DUCKFACE_DATABASE"]}" : "its databases dropped";
            throw new SweepCommandFailedException(string.Create(CultureInfo.InvariantCulture,
                $"{option} failed at {step} with exit code {result.ExitCode} ({tail}). Log: {log}. "
                + $"The sweep stopped, {kept}; fix the command and run the sweep again."));
        }

        return result;
    }

    private async Task<long> FillAsync(DatabaseLocation database, string url, double scale, string folder, string step,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // a schema made by --setup (the application's migrations) is filled as it is, like generate --into-existing;
        // rows the setup seeded are kept (--append), and the bookkeeping tables are never written
        var tables = await server.Engine.ListTablesAsync(database, cancellationToken).ConfigureAwait(false);
        var existing = tables.Count > 0;
        clock.Report(progress, existing ? $"{step}: generating into the {tables.Count} tables --setup made" : $"{step}: generating");
        var generate = new GenerateRequest
        {
            Profile = request.Profile,
            Scale = SweepRun.OptionsAt(request.Options, scale),
            Target = url,
            IntoExisting = existing,
            Append = existing,
            Exclude = existing ? request.Exclude : [],
        };
        var log = new StreamWriter(Path.Combine(folder, "generate.log"), append: true) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            var outcome = await GenerateRun.RunAsync(generate, new LogProgress(log), cancellationToken).ConfigureAwait(false);
            clock.Report(progress, string.Create(CultureInfo.InvariantCulture,
                $"{step}: generated {outcome.Result.TotalRows:N0} rows in {outcome.Result.Elapsed.TotalSeconds:0.0} s"));
            _filled = [.. outcome.Plan.Tables.Select(t => t.Name)];
            return outcome.Result.TotalRows;
        }
    }

    private async Task DropAsync(DatabaseLocation database, string name, IProgress<string>? progress)
    {
        try
        {
            // not cancellable: a cancelled sweep still removes what it created
            await server.Engine.DropDatabaseAsync(database, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DuckfaceException ex)
        {
            clock.Report(progress, $"warning: could not drop {name}: {ex.Message} Drop it by hand.");
        }
    }

    private static void CreatePrivateFolder(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(folder);
            else
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot create the working folder {folder}: {ex.Message} Choose another with --work.", ex);
        }
    }
}

/// <summary>Progress lines stamped with the time since the sweep started.</summary>
internal sealed class SweepClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Report(IProgress<string>? progress, string line) =>
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"[{_watch.Elapsed.TotalSeconds,7:0.0} s] {line}"));
}

/// <summary>Progress lines written to a log file as they come (synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class LogProgress(TextWriter log) : IProgress<string>
{
    public void Report(string value)
    {
        lock (log)
            log.WriteLine(value);
    }
}
