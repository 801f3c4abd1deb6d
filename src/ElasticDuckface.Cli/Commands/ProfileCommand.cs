using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using ElasticDuckface.Cli.Progress;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface profile SOURCE [-o FILE]</c>.</summary>
internal static class ProfileCommand
{
    public static Command Build()
    {
        var defaults = new ProfileSettings();
        var source = new Argument<string[]>("source")
        {
            Description = "The database to profile: a SQLite file path (or sqlite:PATH), "
                + "mysql://user@host:port/database or postgres://user@host:port/database[?schema=S]. It is only read. "
                + "Several mysql:// databases of one server make one profile with tables named database.table (docs/adr/0007).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Where to write the profile JSON (default: standard output).",
        };
        var sampleRows = new Option<long>("--sample-rows")
        {
            Description = "Tables with more rows than this have their column distributions measured on a sample of about this many rows.",
            DefaultValueFactory = _ => defaults.SampleRows,
        };
        sampleRows.Validators.Add(r =>
        {
            if (OptionValue.TryGet<long>(r, out var rows) && rows < 100)
                r.AddError("--sample-rows must be at least 100.");
        });
        var minCategory = new Option<int>("--min-count", "--min-category-count")
        {
            Description = "k: write no value that fewer than k rows hold (categorical values, quantile end points, lengths, "
                + "dependencies; see docs/privacy.md). 1 turns the rule off.",
            DefaultValueFactory = _ => defaults.MinCount,
        };
        minCategory.Validators.Add(r =>
        {
            if (OptionValue.TryGet<int>(r, out var k) && k < 1)
                r.AddError("--min-count must be at least 1.");
        });
        var maxCategories = new Option<int>("--max-categories")
        {
            Description = "A column with more distinct values than this is described by its shape, not by values.",
            DefaultValueFactory = _ => defaults.MaxCategories,
        };
        var dependencyThreshold = new Option<double>("--dependency-threshold")
        {
            Description = "Learn a table's row state (e.g. soft delete: deleted_at set with deleted = id) "
                + "when a column depends on a NULL/NOT NULL flag by at least this total variation, 0 to 1; 0 turns learning off.",
            DefaultValueFactory = _ => defaults.DependencyThreshold,
        };
        dependencyThreshold.Validators.Add(r =>
        {
            if (OptionValue.TryGet<double>(r, out var t) && t is < 0 or > 1 or double.NaN)
                r.AddError("--dependency-threshold must be between 0 and 1.");
        });
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };
        var hideSizes = new Option<bool>("--hide-sizes")
        {
            Description = "Write no row count nor anything one follows from: sizes relative to the largest table with lognormal "
                + "noise (σ 0.1, --size-noise), key ranges, fan-outs and distinct counts as shares (docs/privacy.md). "
                + "generate and verify then need --rows TABLE=N.",
        };
        var fanOutClusters = new Option<bool>("--fan-out-clusters")
        {
            Description = "Also measure how each fan-out's children cluster along the child's other references (an invoice's "
                + "lines per artist), for a profile of a sample grown back along one dimension (docs/adr/0006-fan-out-growth.md).",
        };
        var noiseSeed = new Option<long?>("--noise-seed")
        {
            Description = "Seed of the --hide-sizes noise, for a reproducible profile (default: random). It is not written; "
                + "whoever knows it can take the noise out.",
        };
        var (epsilon, delta, dpSeed) = DifferentialPrivacyOptions();
        var sizeNoise = new Option<double?>("--size-noise")
        {
            Description = $"With --hide-sizes: σ of the lognormal noise exp(σ·Z) on relative sizes and fan-out shares, above 0 and at "
                + $"most {SizeNoise.MaxSigma} (default {SizeNoise.DefaultSigma}: a relative size is off by about ±10%). Recorded in "
                + "the profile (settings.sizeNoise).",
        };
        sizeNoise.Validators.Add(r =>
        {
            if (OptionValue.TryGet<double?>(r, out var given) && given is { } sigma && !(sigma > 0 && sigma <= SizeNoise.MaxSigma))
                r.AddError($"--size-noise must be above 0 and at most {SizeNoise.MaxSigma}, got {sigma}.");
        });
        var privacy = new Option<FileInfo?>("--privacy")
        {
            Description = "A JSON file marking tables and columns public (values kept verbatim even when rare; a public table keeps "
                + "its rows, which generate writes exactly), confidential (shapes and ranges only, even for frequent values) or "
                + "drop (type only). 'duckface privacy suggest SOURCE -o FILE' writes a starting file (docs/privacy.md).",
        };
        var inferFks = new Option<bool>("--infer-fks")
        {
            Description = "Also find references the source does not declare, from data and names (instance_uuid -> instances.uuid), "
                + "print the evidence per candidate (standard output with -o, else standard error) and keep the accepted ones "
                + "as undeclared foreign keys: generated and checked, no constraint created (docs/inferred-fks.md).",
        };
        var fksFile = new Option<FileInfo?>("--fks")
        {
            Description = "A review file of 'accept|reject|add CHILD.COLUMN -> PARENT.COLUMN' lines that overrides the inference "
                + "(the printed evidence is such a file), and of 'min N CHILD.COLUMN -> PARENT.COLUMN' lines that give a foreign key, "
                + "declared or kept, the fewest children of every parent (min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId: every "
                + "invoice has a line); without --infer-fks only its accept, add and min lines are applied (docs/inferred-fks.md).",
        };

        var command = new Command("profile", "Read a database's schema and measure it "
            + "(row counts, column distributions, foreign-key fan-out) into a profile JSON that holds no confidential values.")
        {
            source, output, sampleRows, minCategory, maxCategories, dependencyThreshold, quiet, inferFks, fksFile, hideSizes, noiseSeed,
            epsilon, delta, dpSeed, sizeNoise, privacy, fanOutClusters,
        };
        // an option that only means something beside another: one rule, one message each
        (Option Option, Option Needs, string Message)[] companions =
        [
            (noiseSeed, hideSizes, "--noise-seed goes with --hide-sizes (it seeds the noise of the relative sizes)."),
            (delta, epsilon, "--delta goes with --epsilon (differential privacy)."),
            (dpSeed, epsilon, "--dp-seed goes with --epsilon (differential privacy)."),
            (sizeNoise, hideSizes, "--size-noise goes with --hide-sizes (it is the noise of the relative sizes)."),
        ];
        command.Validators.Add(r =>
        {
            foreach (var (option, needs, message) in companions)
            {
                if (r.GetResult(option) is { Implicit: false } && r.GetResult(needs) is not { Implicit: false })
                    r.AddError(message);
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, stderr) =>
        {
            var locations = parseResult.GetRequiredValue(source).Select(s => DatabaseLocation.Parse(s)).ToList();
            var settings = new ProfileSettings
            {
                SampleRows = parseResult.GetValue(sampleRows),
                MinCount = parseResult.GetValue(minCategory),
                MaxCategories = parseResult.GetValue(maxCategories),
                DependencyThreshold = parseResult.GetValue(dependencyThreshold),
                FanOutClusters = parseResult.GetValue(fanOutClusters),
                Privacy = parseResult.GetValue(privacy) is { } privacyFile
                    ? await PrivacyFile.ReadAsync(privacyFile.FullName, cancellationToken).ConfigureAwait(false)
                    : null,
            };
            var file = parseResult.GetValue(output);
            if (file is not null)
                ProfileSerializer.EnsureWritable(file.FullName);
            var noise = parseResult.GetValue(hideSizes)
                ? new SizeNoise(parseResult.GetValue(sizeNoise) ?? SizeNoise.DefaultSigma,
                    parseResult.GetValue(noiseSeed) ?? RandomNumberGenerator.GetInt32(int.MaxValue))
                : null;
            var dp = parseResult.GetValue(epsilon) is { } e
                ? new DifferentialPrivacyOptions(e, parseResult.GetValue(delta),
                    parseResult.GetValue(dpSeed) ?? RandomNumberGenerator.GetInt32(int.MaxValue))
                : null;
            var inference = await InferenceOptionsAsync(parseResult.GetValue(inferFks), parseResult.GetValue(fksFile), cancellationToken)
                .ConfigureAwait(false);
            // a terminal gets the live display (each table's phase, rows/s and ETA while rows are read); anything else plain lines
            var outcome = await LiveProgress.ShowAsync(stderr, parseResult.GetValue(quiet), progress => ProfileRun.RunAsync(locations,
                    settings, inference, new ProfilePrivacy(dp, noise), file?.FullName, progress, cancellationToken))
                .ConfigureAwait(false);
            if (outcome.Inference is { } inferred)
            {
                // the evidence is a review file; it goes where the profile JSON does not
                var evidence = file is null ? stderr : stdout;
                foreach (var line in inferred.Lines())
                    await evidence.WriteLineAsync(line).ConfigureAwait(false);
            }

            foreach (var note in outcome.Notes())
                await stderr.WriteLineAsync(note).ConfigureAwait(false);
            if (file is null)
                await stdout.WriteAsync(ProfileSerializer.Serialize(outcome.Profile)).ConfigureAwait(false);

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// <c>--epsilon E [--delta D] [--dp-seed N]</c>: differential privacy over the finished profile (issue 9,
    /// docs/privacy.md, ADR 0008).
    /// </summary>
    private static (Option<double?> Epsilon, Option<double?> Delta, Option<long?> Seed) DifferentialPrivacyOptions()
    {
        var epsilon = new Option<double?>("--epsilon")
        {
            Description = "Differential privacy: add calibrated noise to every count, histogram bin and frequency so that no row of "
                + "any table is charged more than this budget ε (e.g. 1; smaller is more private and less faithful). "
                + "Laplace noise, or Gaussian with --delta (docs/privacy.md).",
            CustomParser = r => Number(r, Privacy.DifferentialPrivacyOptions.IsValidEpsilon,
                "--epsilon must be a number above 0 (e.g. 1)."),
        };
        var delta = new Option<double?>("--delta")
        {
            Description = "With --epsilon: (ε, δ)-differential privacy with Gaussian noise, δ between 0 and 1 exclusive "
                + "(e.g. 1e-6, well below 1 / rows).",
            CustomParser = r => Number(r, Privacy.DifferentialPrivacyOptions.IsValidDelta,
                "--delta must be between 0 and 1 exclusive (e.g. 1e-6)."),
        };
        var seed = new Option<long?>("--dp-seed")
        {
            Description = "Seed of the --epsilon noise, for a reproducible profile (default: random). It is not written; "
                + "whoever knows it can take the noise out.",
        };
        return (epsilon, delta, seed);
    }

    /// <summary>A number option's value, or one error line when it is not a number or not valid (a validator cannot see "abc").</summary>
    private static double? Number(ArgumentResult result, Func<double, bool> valid, string error)
    {
        if (result.Tokens is [var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && valid(value))
            return value;
        result.AddError(error);
        return null;
    }

    /// <summary>The inference options of <c>--infer-fks</c> and <c>--fks</c>, or null when neither is given.</summary>
    private static async Task<ForeignKeyInferenceOptions?> InferenceOptionsAsync(bool infer, FileInfo? review,
        CancellationToken cancellationToken)
    {
        if (!infer && review is null)
            return null;
        return new ForeignKeyInferenceOptions
        {
            Infer = infer,
            Review = review is null ? null : await ForeignKeyReview.ReadAsync(review.FullName, cancellationToken).ConfigureAwait(false),
        };
    }
}
