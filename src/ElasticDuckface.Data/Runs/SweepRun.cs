using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Data.Runs;

/// <summary>What a sweep measured and concluded.</summary>
/// <param name="Report">Every measurement, each measure's growth and prediction, and the thresholds exceeded.</param>
/// <param name="Kept">The databases left on the server (with <c>--keep</c>).</param>
public sealed record SweepOutcome(SweepReport Report, IReadOnlyList<string> Kept);

/// <summary>
/// <c>duckface sweep</c> as a use case: for each scale and repeat, a fresh uniquely named database on the server,
/// <c>--setup</c>, the profile generated into it, <c>--run</c> measured; then each measure fitted against the row count,
/// predicted at <c>--predict</c>, and the thresholds judged (docs/sweep.md). Nothing outside the sweep's own databases
/// is created or dropped.
/// </summary>
public static class SweepRun
{
    /// <summary>Runs the sweep.</summary>
    /// <exception cref="SweepCommandFailedException">--setup or --run failed (the sweep stopped, databases dropped).</exception>
    /// <exception cref="DuckfaceException">The server, the profile or the working folder failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the running command killed, databases dropped).</exception>
    public static async Task<SweepOutcome> RunAsync(SweepRequest request, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Scales.Count == 0)
            throw new PlanValidationException("--scales needs at least one scale, e.g. --scales 0.1,0.5,1,2.");
        if (request.Repeat < 1)
            throw new PlanValidationException("--repeat must be at least 1.");
        var server = SweepServer.Open(request.Server);
        var clock = new SweepClock();
        var scales = request.Scales.Distinct().Order().ToList();
        clock.Report(progress, string.Create(CultureInfo.InvariantCulture,
            $"Sweeping {request.ProfileName} on {server.Display}: {scales.Count} scales × {request.Repeat} repeats, "
            + $"databases {server.RunPrefix}*, logs in {request.WorkingDirectory}"));
        var repeatRun = new SweepRepeatRun(request with { Scales = scales }, server, clock);
        var points = new List<SweepPoint>();
        string? cold = null;
        for (var i = 0; i < scales.Count; i++)
        {
            var repeats = new List<SweepRepeat>();
            long rows = 0;
            for (var r = 1; r <= request.Repeat; r++)
            {
                var (repeat, generated, flushed) = await repeatRun.RunAsync(i + 1, scales[i], r, progress, cancellationToken)
                    .ConfigureAwait(false);
                repeats.Add(repeat);
                rows = generated;
                cold ??= flushed;
            }

            points.Add(SweepPoint.Of(scales[i], rows, repeats));
        }

        long? predictRows = request.Predict is { } p ? PlannedRows(request, p, repeatRun.Filled) : null;

        var report = new SweepReport
        {
            Profile = request.ProfileName,
            Server = server.Display,
            Engine = server.Engine.Name,
            Setup = request.Setup,
            Run = request.Run,
            Repeat = request.Repeat,
            Cold = cold,
            PredictScale = request.Predict,
            PredictRows = predictRows,
            Points = points,
            Growth = SweepAnalyzer.Analyze(points, predictRows),
            Thresholds = request.Thresholds,
        };
        report = report with { Violations = SweepAnalyzer.Judge(report, request.Thresholds) };
        IReadOnlyList<string> kept = request.Keep ? [.. points.SelectMany(p => p.Repeats).Select(r => r.Database)] : [];
        clock.Report(progress, "Sweep done" + (kept.Count > 0 ? $", kept {string.Join(", ", kept)}" : ", every sweep database dropped"));
        return new SweepOutcome(report, kept);
    }

    /// <summary>The sweep's scale options at one scale: the global factor, and each per-table factor multiplied by it.</summary>
    public static ScaleOptions OptionsAt(ScaleOptions options, double scale)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Scale = scale,
            TableScales = options.TableScales.ToDictionary(t => t.Key, t => t.Value * scale, StringComparer.Ordinal),
        };
    }

    /// <summary>The rows a scale would generate in <paramref name="tables"/> (all when empty): planned only.</summary>
    public static long PlannedRows(SweepRequest request, double scale, IReadOnlyCollection<string> tables)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tables);
        return GenerateRun.Plan(new GenerateRequest { Profile = request.Profile, Scale = OptionsAt(request.Options, scale) })
            .Tables.Where(t => tables.Count == 0 || tables.Contains(t.Name)).Sum(t => t.TargetRows);
    }
}
