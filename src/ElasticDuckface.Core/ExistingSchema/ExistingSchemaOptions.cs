namespace ElasticDuckface.ExistingSchema;

/// <summary>What <see cref="SchemaComparer"/> leaves alone and what it may assume of the target engine.</summary>
public sealed record ExistingSchemaOptions
{
    /// <summary>The bookkeeping tables left untouched unless the user says otherwise: Alembic's and SQLAlchemy-migrate's
    /// version tables (a made-up row there breaks the next <c>nova-manage db sync</c>, issue 10).</summary>
    public static IReadOnlyList<string> DefaultBookkeeping { get; } = ["alembic_version", "migrate_version"];

    /// <summary>Tables named by <c>--exclude</c>: never written.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Bookkeeping tables: never written.</summary>
    public IReadOnlyList<string> Bookkeeping { get; init; } = DefaultBookkeeping;

    /// <summary>
    /// Whether the target engine numbers a single-column <c>INTEGER PRIMARY KEY</c> itself when no value is given (SQLite's
    /// rowid alias), so that such a column the profile lacks is no NOT-NULL-without-default refusal.
    /// </summary>
    public bool IntegerPrimaryKeyNumbersItself { get; init; }
}
