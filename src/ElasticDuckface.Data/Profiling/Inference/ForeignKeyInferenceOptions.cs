namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// How <c>profile --infer-fks</c> proposes and accepts references the source does not declare; the rules and their reasons
/// are in docs/inferred-fks.md.
/// </summary>
public sealed record ForeignKeyInferenceOptions
{
    /// <summary>Propose references from data and names; false applies only <see cref="Review"/> (<c>--fks</c> alone).</summary>
    public bool Infer { get; init; } = true;

    /// <summary>The review file's decisions, which override the automatic rules; null for none.</summary>
    public ForeignKeyReview? Review { get; init; }

    /// <summary>
    /// The fraction of a candidate column's distinct non-null values that must be found in the parent key for the reference
    /// to be accepted without a review: 1 (every value), since a real reference with orphans is better accepted by a person.
    /// </summary>
    public double MinCoverage { get; init; } = 1.0;

    /// <summary>
    /// A column whose name does not point at the parent needs at least this many distinct values: a handful of short values
    /// is contained in some key of most databases by chance.
    /// </summary>
    public int MinDistinctWithoutName { get; init; } = 5;

    /// <summary>At most this many distinct values of a candidate column are checked (the first ones the database returns).</summary>
    public int MaxDistinctValues { get; init; } = 100_000;
}
