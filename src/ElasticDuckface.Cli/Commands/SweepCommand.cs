using System.CommandLine;
using System.Globalization;
using ElasticDuckface.Cli.Reports;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Profiles;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface sweep PROFILE --server URL --scales A,B,C --run CMD [--setup CMD] [--predict S] [--repeat N] ...</c>:
/// parses into a <see cref="SweepRequest"/>, runs <see cref="SweepRun"/>, prints and writes its report (docs/sweep.md).</summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var profileArg = new Argument<FileInfo>("profile") { Description = "The profile JSON written by 'duckface profile'." };
        var server = new Option<string>("--server")
        {
            Description = "The server to create the sweep's databases on: mysql://user@host:port, postgres://user@host:port "
                + "(password in the URL, DUCKFACE_PASSWORD, the engine's file, or asked on a terminal) or sqlite:FOLDER. "
                + "Only databases named duckface_sweep_RUNID_* are created and dropped.",
            Required = true,
        };
        var scales = new Option<double[]>("--scales")
        {
            Description = "The scales to measure, comma-separated (0.001 to 1000), e.g. 0.1,0.5,1,2,5.",
            Required = true,
            CustomParser = r =>
            {
                var text = string.Join(",", r.Tokens.Select(t => t.Value));
                var values = new List<double>();
                foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                        || !(v >= ScaleArguments.MinScale && v <= ScaleArguments.MaxScale))
                    {
                        r.AddError($"--scales must be numbers from 0.001 to 1000, comma-separated (got '{part}').");
                        return [];
                    }

                    values.Add(v);
                }

                if (values.Count == 0)
                    r.AddError("--scales needs at least one scale, e.g. --scales 0.1,0.5,1.");
                return [.. values];
            },
        };
        var shape = new ScaleArguments();
        var setup = new Option<string?>("--setup")
        {
            Description = "A shell command run on each fresh database before it is filled (e.g. the schema at an older revision).",
        };
        var run = new Option<string>("--run")
        {
            Description = "The shell command measured on each filled database (a migration, a maintenance job). Its environment: "
                + "DUCKFACE_DATABASE, DUCKFACE_TARGET, DUCKFACE_HOST, DUCKFACE_PORT, DUCKFACE_USER, DUCKFACE_SCALE, DUCKFACE_DIR "
                + "(MySQL: DUCKFACE_DEFAULTS_FILE for --defaults-extra-file; PostgreSQL: PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE).",
            Required = true,
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "When --setup made the schema (filled like generate --into-existing): a table never filled (repeatable).",
        };
        var predict = new Option<double?>("--predict") { Description = "Predict every measure at this scale, e.g. 100." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Runs per scale, each on a fresh database: the median is fitted, the spread shown (default 1).",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(r =>
        {
            if (OptionValue.TryGet<int>(r, out var n) && n is < 1 or > 100)
                r.AddError("--repeat must be from 1 to 100.");
        });
        var cold = new Option<bool>("--cold")
        {
            Description = "Flush the server's caches before each run, as far as the engine allows (docs/sweep.md).",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the sweep's databases instead of dropping them." };
        var work = new Option<DirectoryInfo>("--work")
        {
            Description = "The folder for each run's private folder (DUCKFACE_DIR) and logs (default ./duckface-sweep).",
            DefaultValueFactory = _ => new DirectoryInfo("duckface-sweep"),
        };
        var json = new Option<FileInfo?>("--json") { Description = "Write every measurement, fit and prediction as JSON." };
        var report = new Option<FileInfo?>("--report") { Description = "Write a self-contained HTML report with a plot per measure." };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "Compare with an earlier sweep's --json: which measures grew." };
        var maxSeconds = new Option<double?>("--max-seconds")
        {
            Description = "Fail (exit 8) when --run takes longer (predicted at --predict, else at the largest scale).",
        };
        var maxRowsRead = new Option<double?>("--max-rows-read")
        {
            Description = "Fail (exit 8) when --run reads more rows, judged like --max-seconds (e.g. 1e9).",
        };
        var maxGrowth = new Option<GrowthModel?>("--max-growth")
        {
            Description = "Fail (exit 8) when seconds or rows read grow faster: constant, linear, nlogn or quadratic.",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (Enum.TryParse<GrowthModel>(text.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var v)
                    && Enum.IsDefined(v) && !int.TryParse(text, out _))
                    return v;
                r.AddError($"--max-growth must be constant, linear, nlogn or quadratic (got '{text}').");
                return null;
            },
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };
        foreach (var option in new[] { maxSeconds, maxRowsRead, predict })
        {
            option.Validators.Add(r =>
            {
                if (OptionValue.TryGet<double?>(r, out var given) && given is { } v && !(v > 0 && double.IsFinite(v)))
                    r.AddError($"{option.Name} must be a number above 0.");
            });
        }

        var command = new Command("sweep", "Measure a command (a migration, a maintenance job) on databases generated at several "
            + "scales: wall time and the server's counters, fitted against the row count (constant, linear, n log n, "
            + "quadratic), predicted at a larger scale and gated by thresholds. Exit 8 when a threshold is exceeded, "
            + "9 when --setup or --run fails.")
        {
            profileArg, server, scales, setup, exclude, run, predict, repeat, cold, keep, work, json, report, baseline, maxSeconds,
            maxRowsRead, maxGrowth, quiet,
        };
        shape.AddShapeTo(command);

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, stderr) =>
        {
            var profileFile = parseResult.GetRequiredValue(profileArg);
            var profile = shape.Declare(parseResult, await ProfileSerializer.ReadAsync(profileFile.FullName, cancellationToken)
                .ConfigureAwait(false));
            SweepReport? before = null;
            if (parseResult.GetValue(baseline) is { } baselineFile)
                before = SweepReportSerializer.Deserialize(await ReadAsync(baselineFile, cancellationToken).ConfigureAwait(false),
                    baselineFile.FullName);
            var request = new SweepRequest
            {
                Profile = profile,
                ProfileName = profileFile.Name,
                Server = parseResult.GetRequiredValue(server),
                Scales = parseResult.GetRequiredValue(scales),
                Options = shape.Read(parseResult),
                Setup = parseResult.GetValue(setup),
                Exclude = parseResult.GetValue(exclude) ?? [],
                Run = parseResult.GetRequiredValue(run),
                Repeat = parseResult.GetValue(repeat),
                Cold = parseResult.GetValue(cold),
                Keep = parseResult.GetValue(keep),
                Predict = parseResult.GetValue(predict),
                WorkingDirectory = parseResult.GetValue(work)!.FullName,
                Thresholds = new SweepThresholds
                {
                    MaxSeconds = parseResult.GetValue(maxSeconds),
                    MaxRowsRead = parseResult.GetValue(maxRowsRead),
                    MaxGrowth = parseResult.GetValue(maxGrowth),
                },
            };

            var progress = new LineProgress(stderr, parseResult.GetValue(quiet));
            SweepOutcome outcome;
            try
            {
                outcome = await SweepRun.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync("duckface: cancelled. The running command was killed and the sweep's databases "
                    + (request.Keep ? "kept (--keep)" : "dropped") + "; the logs are in " + request.WorkingDirectory + ".")
                    .ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }

            var result = outcome.Report;
            if (parseResult.GetValue(json) is { } jsonFile)
                await ReportFile.WriteAsync(jsonFile.FullName, SweepReportSerializer.Serialize(result), "--json", cancellationToken)
                    .ConfigureAwait(false);
            if (parseResult.GetValue(report) is { } reportFile)
            {
                await ReportFile.WriteAsync(reportFile.FullName, SweepHtmlReport.Render(result), "--report", cancellationToken)
                    .ConfigureAwait(false);
                progress.Report($"Wrote {reportFile.FullName}");
            }

            var changes = before is null ? null : SweepComparison.Compare(before, result);
            await stdout.WriteAsync(SweepSummary.Render(result, changes)).ConfigureAwait(false);
            if (result.Violations.Count == 0)
                return ExitCodes.Success;
            await stderr.WriteLineAsync($"duckface: the sweep exceeded {result.Violations.Count} threshold(s): "
                + string.Join("; ", result.Violations.Select(v => v.Text)) + ". Fix the command, or raise the limit if it is expected.")
                .ConfigureAwait(false);
            return ExitCodes.SweepThresholdExceeded;
        }));
        return command;
    }

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot read --baseline '{file.FullName}': {ex.Message} Give the --json of an earlier sweep.", ex);
        }
    }
}
