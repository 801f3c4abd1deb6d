using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>What <see cref="GenerateRun"/> builds: a profile at a scale, into a database or files.</summary>
public sealed record GenerateRequest
{
    /// <summary>The profile to generate from.</summary>
    public required DatabaseProfile Profile { get; init; }

    /// <summary>Scale factors, pinned tables and seed.</summary>
    public required ScaleOptions Scale { get; init; }

    /// <summary>The database to write (URL or SQLite path), or null for files.</summary>
    public string? Target { get; init; }

    /// <summary>
    /// Several targets, for a profile of several databases (ADR 0007): one per database, matched by name; empty otherwise
    /// (<see cref="Target"/> is then the one target).
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>The file format when <see cref="Target"/> is null.</summary>
    public OutputFormat? Format { get; init; }

    /// <summary>The SQL script file or CSV directory for <see cref="Format"/>.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Replace the profile's tables (or files) in a non-empty target.</summary>
    public bool Replace { get; init; }

    /// <summary>
    /// Fill the tables the target already has (made by the application's migrations) instead of creating them
    /// (<c>--into-existing</c>): the target's schema is compared with the profile, matching tables and columns are filled,
    /// nothing is created, dropped or altered. Excludes <see cref="Replace"/>.
    /// </summary>
    public bool IntoExisting { get; init; }

    /// <summary>With <see cref="IntoExisting"/>: add to tables that already hold rows (refused otherwise), generated
    /// whole-number keys moved past the largest there (<c>--append</c>).</summary>
    public bool Append { get; init; }

    /// <summary>With <see cref="IntoExisting"/>: target tables never written (<c>--exclude T</c>, repeatable), besides the
    /// bookkeeping tables <c>alembic_version</c> and <c>migrate_version</c>.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// The slice of every table to write (<c>--shard INDEX/COUNT</c>, 0-based): <see cref="Shard.Whole"/> writes every row. A partial
    /// shard writes its tables without foreign-key constraints and skips the orphan check; the shards in index order are one
    /// unsharded run (docs/scale-out.md). Not with <see cref="IntoExisting"/>.
    /// </summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Write even into the database the profile was made from (<c>--i-know-this-is-the-source</c>).</summary>
    public bool AllowSourceAsTarget { get; init; }

    /// <summary>
    /// Fault injection for the tests of a multi-database <c>--into-existing</c> run: called with each database's name after
    /// every database was checked and before that database commits (a test breaks a connection there).
    /// </summary>
    internal Func<string, CancellationToken, Task>? BeforeCommit { get; init; }
}
