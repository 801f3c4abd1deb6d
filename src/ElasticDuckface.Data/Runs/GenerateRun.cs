using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;

namespace ElasticDuckface.Data.Runs;

/// <summary>What a generate run did: the plan, where it wrote, and the rows per table.</summary>
/// <param name="Plan">The plan that explains every row count.</param>
/// <param name="Where">The target as printed (no password).</param>
/// <param name="Result">Rows written per table and wall time.</param>
public sealed record GenerateOutcome(GenerationPlan Plan, string Where, GenerationResult Result);

/// <summary>
/// <c>duckface generate</c> as a use case: plan, open the target through its engine (or a file format), write every
/// table parents first, check the constraints. The CLI parses into a <see cref="GenerateRequest"/> and prints the outcome;
/// other commands (sweep) call the same code.
/// </summary>
public static class GenerateRun
{
    /// <summary>The plan of a request (what <c>--dry-run</c> prints).</summary>
    public static GenerationPlan Plan(GenerateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerationPlanner.Plan(request.Profile, request.Scale);
    }

    /// <summary>Runs the request.</summary>
    /// <exception cref="DuckfaceException">The target cannot be opened or written; nothing half-written is left as the
    /// writer documents.</exception>
    public static Task<GenerateOutcome> RunAsync(GenerateRequest request, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(request, progress, null, cancellationToken);

    /// <summary>Runs the request, reporting the lines to <paramref name="progress"/> and the rows of the table being written and the
    /// finishing phase to <paramref name="tableProgress"/> (a live display).</summary>
    /// <exception cref="DuckfaceException">The target cannot be opened or written; nothing half-written is left as the writer
    /// documents.</exception>
    public static async Task<GenerateOutcome> RunAsync(GenerateRequest request, IProgress<string>? progress,
        IProgress<GenerationProgress>? tableProgress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Plan(request);
        // the plan's profile has sizes: for a hidden-size profile, the ones the anchors (--rows) gave it
        var options = WriterOptions.For(plan.Profile, request.Replace) with { Progress = progress };
        var (writer, where) = await OpenWriterAsync(request, options, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            progress?.Report($"Generating into {where} (seed {plan.Seed}, {plan.Tables.Count} tables, "
                + $"{plan.Tables.Sum(t => t.TargetRows):N0} rows)");
            foreach (var adjusted in plan.Tables.Where(t => t.Adjusted))
                progress?.Report($"note: {adjusted.Name}: {adjusted.Reason}");
            var result = await DatabaseGenerator.RunAsync(plan.Profile, plan, writer, options.SourceTypes, progress, tableProgress,
                cancellationToken).ConfigureAwait(false);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.TotalRows:N0} rows into {where} in {result.Elapsed.TotalSeconds:F1} s."));
            return new GenerateOutcome(plan, where, result);
        }
    }

    /// <summary>
    /// Refuses a target whose identity matches the profile's source fingerprint, with or without --replace, before
    /// anything is opened for writing (issue 12). Profiles without a fingerprint (older ones) cannot be checked.
    /// </summary>
    /// <exception cref="OutputException">The target is the profile's source.</exception>
    public static async Task RefuseTheSourceAsync(Profiles.DatabaseProfile profile, DatabaseLocation target,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        if (profile.Source.Fingerprint is not { } fingerprint)
            return;
        var identity = await target.Engine.ReadIdentityAsync(target, cancellationToken).ConfigureAwait(false);
        if (SourceFingerprint.Matches(fingerprint, identity))
        {
            throw new OutputException($"The target {target.Display} is the database this profile was made from: generate never writes into "
                + "its source, with or without --replace. Choose another target "
                + "(or pass --i-know-this-is-the-source to overwrite it anyway).");
        }
    }

    private static async Task<(IDatabaseWriter Writer, string Where)> OpenWriterAsync(GenerateRequest request, WriterOptions options,
        CancellationToken cancellationToken)
    {
        if (request.Target is { } target)
        {
            var location = DatabaseLocation.Parse(target);
            if (!request.AllowSourceAsTarget)
                await RefuseTheSourceAsync(request.Profile, location, cancellationToken).ConfigureAwait(false);
            var writer = await location.Engine.OpenWriterAsync(location, options, cancellationToken).ConfigureAwait(false);
            return (writer, location.Display);
        }

        var path = Path.GetFullPath(request.OutputPath
            ?? throw new ArgumentException("A file format needs an output path.", nameof(request)));
        return request.Format switch
        {
            OutputFormat.Sql => (await SqlScriptWriter.CreateAsync(path, options.Replace, options.SourceDialect, cancellationToken)
                .ConfigureAwait(false), path),
            OutputFormat.Csv => (await CsvWriter.CreateAsync(path, options.Replace, cancellationToken).ConfigureAwait(false),
                path + Path.DirectorySeparatorChar),
            _ => throw new ArgumentException("Give a target database or a file format.", nameof(request)),
        };
    }
}
