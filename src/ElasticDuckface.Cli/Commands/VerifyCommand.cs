using System.CommandLine;
using System.Globalization;
using ElasticDuckface.Cli.Progress;
using ElasticDuckface.Cli.Reports;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using static ElasticDuckface.Cli.Reports.VerifySummary;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface verify PROFILE --target DB [--scale S ...] [--json FILE] [--report FILE] [--strict]</c>.</summary>
internal static class VerifyCommand
{
    public static Command Build()
    {
        var defaults = new VerifyThresholds();
        var profileArg = new Argument<FileInfo>("profile") { Description = "The profile JSON written by 'duckface profile'." };
        var scale = new ScaleArguments();
        scale.Scale.Description = "The scale the target was generated at (0.001 to 1000): row counts are checked against the plan "
            + "of the same scale options. Without --scale, --scale-table, --keep or --rows only shapes are compared and row counts "
            + "are not checked.";
        var target = new Option<string[]>("--target", "-t")
        {
            Description = "The database to verify: a SQLite file (PATH or sqlite:PATH), "
                + "mysql://user@host:port/database or postgres://user@host:port/database. It is only read. "
                + "A profile of several databases takes one --target per database (databases of one MySQL/MariaDB server), "
                + "matched by name, or DATABASE=URL, and is verified in one report.",
            Required = true,
        };
        var json = new Option<FileInfo?>("--json")
        {
            Description = "Write the full report as JSON (stable: sorted, byte-identical for the same inputs).",
        };
        var report = new Option<FileInfo?>("--report")
        {
            Description = "Write a self-contained HTML report with plots (fan-outs, column distributions, table scores).",
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Any distance over its threshold fails verification (exit 4) instead of warning.",
        };
        var maxFanOutKs = Threshold("--max-fanout-ks", "Largest KS distance between fan-out distributions", defaults.MaxFanOutKs);
        var maxMeanError = Threshold("--max-fanout-mean-error", "Largest |target mean / expected mean − 1| of a fan-out",
            defaults.MaxFanOutMeanError);
        var maxColumn = Threshold("--max-column-distance", "Largest column distance (KS, total variation, NULL-fraction difference)",
            defaults.MaxColumnDistance);
        var maxJoint = Threshold("--max-joint-correlation-diff",
            "Largest |target − profile| of the correlation of a row's parents' fan-outs, per pair of foreign keys of one table",
            defaults.MaxJointCorrelationDiff);
        var maxDependency = Threshold("--max-dependency-diff",
            "Largest |target − profile| of a learned dependency's measures (row-state share, association, copy share, parent correlation)",
            defaults.MaxDependencyDifference);
        var maxFail = Threshold(
            "--max-distance-fail",
            "A distance at least this large (and over its own threshold) is broken: it fails verification (exit 4) even without --strict",
            defaults.MaxDistanceFail,
            warns: false);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };

        var command = new Command("verify", "Measure how faithful a database is to a profile: hard integrity checks "
            + "(orphans, duplicate keys, NOT NULL, row counts against the plan of the same scale options) "
            + "and distances of fan-outs and column distributions. Exit 4 when verification fails.")
        {
            profileArg, target, json, report, strict, maxFanOutKs, maxMeanError, maxColumn, maxJoint, maxDependency, maxFail, quiet,
        };
        scale.AddTo(command);

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, stderr) =>
        {
            var profile = scale.Declare(parseResult, await ProfileSerializer.ReadAsync(parseResult.GetRequiredValue(profileArg).FullName,
                cancellationToken).ConfigureAwait(false));
            var targets = parseResult.GetRequiredValue(target);
            // without a scale option only shapes are compared: there is no plan to hold row counts against
            var scaled = parseResult.GetResult(scale.Scale) is { Implicit: false }
                || (parseResult.GetValue(scale.ScaleTable)?.Length ?? 0) > 0
                || (parseResult.GetValue(scale.Keep)?.Length ?? 0) > 0
                || (parseResult.GetValue(scale.Rows)?.Length ?? 0) > 0;
            var plan = scaled ? GenerationPlanner.Plan(profile, scale.Read(parseResult)) : null;
            var options = new VerifyOptions
            {
                Plan = plan,
                Strict = parseResult.GetValue(strict),
                Thresholds = new VerifyThresholds
                {
                    MaxFanOutKs = parseResult.GetValue(maxFanOutKs),
                    MaxFanOutMeanError = parseResult.GetValue(maxMeanError),
                    MaxColumnDistance = parseResult.GetValue(maxColumn),
                    MaxJointCorrelationDiff = parseResult.GetValue(maxJoint),
                    MaxDependencyDifference = parseResult.GetValue(maxDependency),
                    MaxDistanceFail = parseResult.GetValue(maxFail),
                },
            };

            // a terminal gets the live display (each table's phase, rows/s and ETA while rows are read); anything else plain lines
            var outcome = await LiveProgress.ShowAsync(stderr, parseResult.GetValue(quiet),
                live => VerifyRun.RunAsync(profile, targets, options, live, cancellationToken)).ConfigureAwait(false);
            var progress = new LineProgress(stderr, parseResult.GetValue(quiet));
            var (result, measured, where) = outcome;

            if (parseResult.GetValue(json) is { } jsonFile)
                await ReportFile.WriteAsync(jsonFile.FullName, FidelityReportSerializer.Serialize(result), "--json", cancellationToken)
                    .ConfigureAwait(false);
            if (parseResult.GetValue(report) is { } reportFile)
            {
                progress.Report("Drawing the report...");
                var html = HtmlReport.Render(result, outcome.Reference ?? profile, measured, where);
                await ReportFile.WriteAsync(reportFile.FullName, html, "--report",
                    cancellationToken)
                    .ConfigureAwait(false);
                progress.Report($"Wrote {reportFile.FullName}");
            }

            await stdout.WriteAsync(Summary(result)).ConfigureAwait(false);
            return result.Verdict == Verdict.Failed ? ExitCodes.VerificationFailed : ExitCodes.Success;
        }));
        return command;
    }

    private static Option<double> Threshold(string name, string description, double defaultValue, bool warns = true)
    {
        var option = new Option<double>(name)
        {
            Description = warns
                ? $"{description} before it counts as a warning (default {defaultValue.ToString(CultureInfo.InvariantCulture)})."
                : $"{description} (default {defaultValue.ToString(CultureInfo.InvariantCulture)}).",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(r =>
        {
            if (OptionValue.TryGet<double>(r, out var v) && (!(v >= 0) || double.IsInfinity(v)))
                r.AddError($"{name} must be a number of at least 0.");
        });
        return option;
    }
}
