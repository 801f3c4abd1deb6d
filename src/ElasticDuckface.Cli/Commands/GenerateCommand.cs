using System.CommandLine;
using ElasticDuckface.Cli.Progress;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface generate PROFILE --scale S [--scale-table T=F]... [--keep T]...
/// (--target URL [--into-existing [--append] [--exclude T]...] | --format sql|csv|parquet --out PATH) [--shard I/N]</c>.</summary>
internal static class GenerateCommand
{
    public static Command Build()
    {
        var profileArg = new Argument<FileInfo>("profile") { Description = "The profile JSON written by 'duckface profile'." };
        var options = new ScaleArguments();
        var target = new Option<string[]>("--target", "-t")
        {
            Description = "The database to create: a new SQLite file (PATH or sqlite:PATH) "
                + "mysql://user@host:port/database or postgres://user@host:port/database "
                + "(created if missing, else it must be empty; with --into-existing, the database to fill). "
                + "A profile of several databases takes one --target per database, matched by name, or DATABASE=URL "
                + "(docs/adr/0007-several-databases.md).",
        };
        var format = new Option<OutputFormat?>("--format", "-f")
        {
            Description = "Write files instead of a database: 'sql' (a MySQL script), 'csv' or 'parquet' "
                + "(one file per table in a directory; Parquet with typed columns, for Spark, Trino, DuckDB).",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "The SQL script file, or the CSV or Parquet directory, for --format.",
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Replace an existing, non-empty target (only the profile's tables or files are replaced).",
        };
        var allowSource = new Option<bool>("--i-know-this-is-the-source")
        {
            Description = "Write even into the database the profile was made from (refused otherwise, with or without --replace).",
        };
        var intoExisting = new Option<bool>("--into-existing")
        {
            Description = "Fill the tables the target already has (made by the application's migrations) instead of creating "
                + "them: the target's schema is compared with the profile, the differences printed, matching tables and columns "
                + "filled in one transaction; nothing is created, dropped or altered. "
                + "Example: duckface generate nova.json --scale 10 --target mysql://root@127.0.0.1:3306/nova --into-existing",
        };
        var append = new Option<bool>("--append")
        {
            Description = "With --into-existing: add to tables that already hold rows (refused otherwise); "
                + "generated integer keys are moved past the largest there.",
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "With --into-existing: leave this target table untouched (repeatable); "
                + "alembic_version and migrate_version always are.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the plan (row counts, rules, order, cycle breaks) and write nothing "
                + "(with --into-existing: the target's differences from the profile, and the plan of the tables it would fill).",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };
        var shard = new Option<Shard>("--shard")
        {
            Description = "Write only shard INDEX of COUNT (0-based, e.g. 0/4 … 3/4): rows [n·INDEX/COUNT, n·(INDEX+1)/COUNT) of "
                + "every table, without foreign-key constraints (the parents are in other shards); the shards in index order "
                + "are one unsharded run. For a Kubernetes Indexed Job: --shard $JOB_COMPLETION_INDEX/N (docs/scale-out.md).",
            DefaultValueFactory = _ => Shard.Whole,
            CustomParser = r =>
            {
                try
                {
                    return Shard.Parse(r.Tokens.Count > 0 ? r.Tokens[0].Value : "");
                }
                catch (DuckfaceException ex)
                {
                    r.AddError(ex.Message);
                    return Shard.Whole;
                }
            },
        };

        var command = new Command("generate", "Build a database from a profile at any scale: every table by one factor, "
            + "or each dimension on its own; referential integrity by construction, "
            + "the profile's distributions preserved, deterministic for a seed.")
        {
            profileArg, target, format, output, replace, intoExisting, append, exclude, allowSource, dryRun, quiet, shard,
        };
        options.AddTo(command);
        command.Validators.Add(r =>
        {
            // presence only: GetValue on an option that failed to parse (--format xml) would throw here
            var dry = r.GetResult(dryRun) is { Implicit: false };
            var hasTarget = r.GetResult(target) is { Implicit: false };
            var hasFormat = r.GetResult(format) is { Implicit: false };
            var hasOut = r.GetResult(output) is { Implicit: false };
            var existing = r.GetResult(intoExisting) is { Implicit: false };
            if (existing && r.GetResult(replace) is { Implicit: false })
                r.AddError("--into-existing never drops anything: it cannot go with --replace.");
            else if (existing && !hasTarget && !dry)
                r.AddError("--into-existing needs --target URL: the database whose tables the migrations made.");
            else if (!existing && (r.GetResult(append) is { Implicit: false } || r.GetResult(exclude) is { Implicit: false }))
                r.AddError("--append and --exclude go with --into-existing.");
            if (existing && r.GetResult(shard) is { Implicit: false })
                r.AddError("--shard cannot go with --into-existing: a shard's rows reference parents in other shards. "
                    + "Generate the shards into new targets (docs/scale-out.md).");
            if (hasTarget && (hasFormat || hasOut))
                r.AddError("Give either --target (a database) or --format with --out (files), not both.");
            else if (hasFormat != hasOut)
                r.AddError("--format and --out go together: --format sql --out dump.sql, or --format csv|parquet --out DIR.");
            else if (!dry && !hasTarget && !hasFormat)
                r.AddError("Say where to write: --target sqlite:out.db, --target mysql://..., --target postgres://..., "
                    + "or --format sql|csv|parquet --out PATH (or --dry-run).");
        });

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, stderr) =>
        {
            var profilePath = parseResult.GetRequiredValue(profileArg).FullName;
            var profile = options.Declare(parseResult, await ProfileSerializer.ReadAsync(profilePath, cancellationToken)
                .ConfigureAwait(false));
            var request = new GenerateRequest
            {
                Profile = profile,
                Scale = options.Read(parseResult),
                Target = parseResult.GetValue(target)?.FirstOrDefault(),
                Targets = parseResult.GetValue(target) is { Length: > 1 } targets ? targets : [],
                Format = parseResult.GetValue(format),
                OutputPath = parseResult.GetValue(output),
                Replace = parseResult.GetValue(replace),
                AllowSourceAsTarget = parseResult.GetValue(allowSource),
                IntoExisting = parseResult.GetValue(intoExisting),
                Append = parseResult.GetValue(append),
                Exclude = parseResult.GetValue(exclude) ?? [],
                Shard = parseResult.GetValue(shard),
            };
            if (parseResult.GetValue(dryRun))
            {
                // with --into-existing the target is read (never written) and its differences printed
                var plan = await GenerateRun.PlanAsync(request, new LineProgress(stderr, parseResult.GetValue(quiet)), cancellationToken)
                    .ConfigureAwait(false);
                await stdout.WriteAsync(plan.Describe(request.Shard)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // a terminal gets the live display (rows/s, ETA, the finishing phase); anything else today's plain lines
            if (!parseResult.GetValue(quiet) && LiveProgress.TryOpen(stderr) is { } console)
            {
                await LiveProgress.RunAsync(console, live => GenerateRun.RunAsync(request, live, live, cancellationToken))
                    .ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await GenerateRun.RunAsync(request, new LineProgress(stderr, parseResult.GetValue(quiet)), cancellationToken)
                .ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
