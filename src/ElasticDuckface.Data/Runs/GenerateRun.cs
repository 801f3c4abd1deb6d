using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Generation;

namespace ElasticDuckface.Data.Runs;

/// <summary>What a generate run did: the plan, where it wrote, and the rows per table.</summary>
/// <param name="Plan">The plan that explains every row count.</param>
/// <param name="Where">The target as printed (no password).</param>
/// <param name="Result">Rows written per table and wall time.</param>
public sealed record GenerateOutcome(GenerationPlan Plan, string Where, GenerationResult Result)
{
    /// <summary>With <see cref="GenerateRequest.IntoExisting"/>: the target's schema compared with the profile; else null.</summary>
    public SchemaComparison? Comparison { get; init; }
}

/// <summary>
/// <c>duckface generate</c> as a use case: plan, open the target through its engine (or a file format), write every
/// table parents first, check the constraints. The CLI parses into a <see cref="GenerateRequest"/> and prints the outcome;
/// other commands (sweep) call the same code.
/// </summary>
public static class GenerateRun
{
    /// <summary>The plan of a request (what <c>--dry-run</c> prints).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (looked at between
    /// tables).</exception>
    public static GenerationPlan Plan(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerationPlanner.Plan(request.Profile, request.Scale, cancellationToken);
    }

    /// <summary>
    /// The plan of a request as <c>--dry-run</c> prints it; with <see cref="GenerateRequest.IntoExisting"/> the target is read
    /// (never written), its differences from the profile reported to <paramref name="progress"/>, and only the tables it
    /// would fill are planned.
    /// </summary>
    /// <exception cref="DuckfaceException">The target is refused as a run would refuse it.</exception>
    public static async Task<GenerationPlan> PlanAsync(GenerateRequest request, IProgress<string>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RefuseShardIntoExisting(request);
        if (!request.IntoExisting)
            return Plan(request, cancellationToken);
        var (_, _, profile) = await CompareAsync(request, progress, cancellationToken).ConfigureAwait(false);
        return GenerationPlanner.Plan(profile, request.Scale, cancellationToken);
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
        try
        {
            return await RunOnceAsync(request, progress, tableProgress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ServerRetry.IsConnectionLost(ex))
        {
            throw LostConnection(ex, request.Target ?? "the target", request.IntoExisting);
        }
    }

    private static async Task<GenerateOutcome> RunOnceAsync(GenerateRequest request, IProgress<string>? progress,
        IProgress<GenerationProgress>? tableProgress, CancellationToken cancellationToken)
    {
        RefuseShardIntoExisting(request);
        if (request.IntoExisting)
            return await IntoExistingAsync(request, progress, tableProgress, cancellationToken).ConfigureAwait(false);
        if (request.Append || request.Exclude.Count > 0)
            throw new DuckfaceException("--append and --exclude go with --into-existing.", ExitCodes.Usage);
        var plan = Plan(request, cancellationToken);
        // the plan's profile has sizes: for a hidden-size profile, the ones the anchors (--rows) gave it
        var options = WriterOptions.For(plan.Profile, request.Replace) with { Progress = progress };
        var (writer, where) = await OpenWriterAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(plan, request.Shard, writer, where, options, progress, tableProgress, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// <c>--into-existing</c>: compares the target's schema with the profile (<see cref="ExistingTarget"/>), then generates the
    /// tables to fill and inserts them through the engine's writer in <see cref="TargetMode.IntoExisting"/>, each as the
    /// target spells and types it. A multi-database profile fills one target per database, each in its own transaction,
    /// all checked before the first commit (<see cref="MultiDatabaseWriter"/>).
    /// </summary>
    private static async Task<GenerateOutcome> IntoExistingAsync(GenerateRequest request, IProgress<string>? progress,
        IProgress<GenerationProgress>? tableProgress, CancellationToken cancellationToken)
    {
        var (targets, comparison, profile) = await CompareAsync(request, progress, cancellationToken).ConfigureAwait(false);
        var plan = GenerationPlanner.Plan(profile, request.Scale, cancellationToken);
        var options = WriterOptions.For(plan.Profile, replace: false) with
        {
            Progress = progress,
            Mode = TargetMode.IntoExisting,
            Append = request.Append,
        };
        IDatabaseWriter inner;
        string where;
        if (targets is [{ Database: null, Location: var location }])
            (inner, where) = (await location.Engine.OpenWriterAsync(location, options, cancellationToken).ConfigureAwait(false),
                location.Display);
        else
        {
            (inner, where) = await MultiDatabaseTargets.OpenAsync(request.Profile.Databases,
                [.. targets.Select(t => (t.Database!, t.Location))], options, cancellationToken).ConfigureAwait(false);
            if (request.BeforeCommit is { } hook)
                ((MultiDatabaseWriter)inner).BeforeCommit = hook;
        }

        var outcome = await WriteAsync(plan, Shard.Whole, new ExistingSchemaWriter(inner, comparison), where, options,
            progress, tableProgress, cancellationToken).ConfigureAwait(false);
        return outcome with { Comparison = comparison };
    }

    /// <summary>The read-only half of --into-existing: the refusals, then the targets' schemas compared with the profile.</summary>
    private static async Task<(IReadOnlyList<(string? Database, DatabaseLocation Location)> Targets, SchemaComparison Comparison,
        Profiles.DatabaseProfile Profile)> CompareAsync(GenerateRequest request, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        if (request.Replace)
            throw new DuckfaceException("--into-existing never drops anything: it cannot go with --replace.", ExitCodes.Usage);
        IReadOnlyList<(string? Database, DatabaseLocation Location)> targets;
        if (request.Profile.Databases.Count > 0 || request.Targets.Count > 1)
        {
            var matched = await MultiDatabaseTargets.MatchAsync(request, cancellationToken).ConfigureAwait(false);
            targets = [.. matched.Select(t => ((string?)t.Database, t.Location))];
        }
        else
        {
            var location = DatabaseLocation.Parse(request.Target ?? (request.Targets.Count > 0 ? request.Targets[0] : null)
                ?? throw new DuckfaceException("--into-existing needs --target URL (the database to fill).", ExitCodes.Usage));
            if (!request.AllowSourceAsTarget)
                await RefuseTheSourceAsync(request.Profile, location, cancellationToken).ConfigureAwait(false);
            targets = [(null, location)];
        }

        var (comparison, profile) = await ExistingTarget.PrepareAsync(request, targets, progress, cancellationToken).ConfigureAwait(false);
        return (targets, comparison, profile);
    }

    /// <summary>A shard's existing target has the application's foreign keys, which rows whose parents are in other shards
    /// would break: refused before anything is read.</summary>
    private static void RefuseShardIntoExisting(GenerateRequest request)
    {
        if (request.IntoExisting && !request.Shard.IsWhole)
            throw new DuckfaceException("--shard cannot go with --into-existing: a shard's rows reference parents in other shards, "
                + "which the target's foreign keys would refuse. Generate the shards into new targets (docs/scale-out.md).",
                ExitCodes.Usage);
    }

    private static async Task<GenerateOutcome> WriteAsync(GenerationPlan plan, Shard shard, IDatabaseWriter writer,
        string where, WriterOptions options, IProgress<string>? progress, IProgress<GenerationProgress>? tableProgress,
        CancellationToken cancellationToken)
    {
        await using (writer.ConfigureAwait(false))
        {
            var rows = plan.Tables.Sum(t => shard.Slice(t.TargetRows).Count);
            progress?.Report(shard.IsWhole
                ? $"Generating into {where} (seed {plan.Seed}, {plan.Tables.Count} tables, {rows:N0} rows)"
                : $"Generating shard {shard} into {where} (seed {plan.Seed}, {plan.Tables.Count} tables, {rows:N0} of "
                    + $"{plan.Tables.Sum(t => t.TargetRows):N0} rows)");
            if (!shard.IsWhole)
                progress?.Report($"note: shard {shard}: tables written without foreign-key constraints and no orphan check "
                    + $"(its rows' parents are in other shards); verify the union of the {shard.Count} shards.");
            foreach (var adjusted in plan.Tables.Where(t => t.Adjusted))
                progress?.Report($"note: {adjusted.Name}: {adjusted.Reason}");
            // the plan's profile has sizes: for a hidden-size profile, the ones the anchors (--rows) gave it
            var result = await DatabaseGenerator.RunAsync(plan.Profile, plan, writer, options.SourceTypes, shard, progress,
                tableProgress, cancellationToken).ConfigureAwait(false);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.TotalRows:N0} rows into {where} in {result.Elapsed.TotalSeconds:F1} s."));
            return new GenerateOutcome(plan, where, result);
        }
    }

    /// <summary>
    /// A connection lost during a load is not retried (the session's state went with it, ServerRetry): one line that says so
    /// and what state the target was left in.
    /// </summary>
    private static DatabaseOperationException LostConnection(Exception ex, string target, bool intoExisting)
    {
        var what = ex is DuckfaceException
            ? ex.Message.TrimEnd()
            : $"Writing into {DatabaseLocation.Redact(target)} failed: {ex.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}.";
        var state = intoExisting
            ? "The server rolls back the run's transaction, so the target is as it was (rows already in MyISAM, Aria or MEMORY tables "
                + "excepted); rerun when the server is back."
            : "Nothing half-written: the target is as it was (or complete, if the final swap committed as the connection broke); "
                + "this run's staging area, if it made one, is left on the server and the next run into the same target drops it. "
                + "Rerun when the server is back.";
        return new DatabaseOperationException($"{what} The connection to the server was lost (a restart or the network). {state}", ex);
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
        // a profile of several databases goes to one target per database, or to files named database.table (csv, parquet)
        var toFiles = request.Target is null && request.Targets.Count == 0 && request.OutputPath is not null;
        if ((request.Profile.Databases.Count > 0 && !toFiles) || request.Targets.Count > 1)
            return await MultiDatabaseTargets.OpenAsync(request, options, cancellationToken).ConfigureAwait(false);
        if (request.Profile.Databases.Count > 0 && request.Format == OutputFormat.Sql)
        {
            throw new DuckfaceException($"--format sql writes the script of one database, and this profile covers "
                + $"{string.Join(", ", request.Profile.Databases)}: write --format csv or parquet (files named database.table), "
                + "or give one --target per database (docs/adr/0007-several-databases.md).", ExitCodes.Usage);
        }

        if (request.Target is { } target)
        {
            var location = DatabaseLocation.Parse(target);
            // a column the engine cannot write is named before the target is even created (issue 12)
            location.Engine.RefuseUnwritable(request.Profile.Tables, options);
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
            OutputFormat.Parquet => (await ParquetFilesWriter.CreateAsync(path, options.Replace, cancellationToken: cancellationToken)
                .ConfigureAwait(false), path + Path.DirectorySeparatorChar),
            _ => throw new ArgumentException("Give a target database or a file format.", nameof(request)),
        };
    }
}
