namespace ElasticDuckface.Data.Sampling;

/// <summary>Why a table's rows were kept.</summary>
internal enum SampleRole
{
    /// <summary>A small table kept whole (its count does not grow with the data).</summary>
    Lookup,

    /// <summary>A table whose rows are drawn: none of its parents is sampled.</summary>
    Root,

    /// <summary>A table outside the drawn dimension (<see cref="SampleOptions.Roots"/>), kept whole.</summary>
    Whole,

    /// <summary>A table whose rows are kept when the row they reference in <see cref="SampledTable.Follows"/> is kept.</summary>
    Child,
}

/// <summary>One table of a sample.</summary>
/// <param name="Name">The table.</param>
/// <param name="Role">Why its rows were kept.</param>
/// <param name="Follows">For a child, the parent table it follows.</param>
/// <param name="SourceRows">Rows in the source.</param>
/// <param name="Rows">Rows in the sample.</param>
/// <param name="AddedAsParents">Rows added only because a kept row references them (so that no foreign key dangles).</param>
/// <param name="EstimatedSourceRows">
/// The Horvitz–Thompson estimate of the source's row count from the sample alone: Σ 1/π over the kept rows, π each
/// row's inclusion probability under the design (the source's count for a lookup table, kept whole).
/// </param>
internal sealed record SampledTable(string Name, SampleRole Role, string? Follows, long SourceRows, long Rows, long AddedAsParents,
    double EstimatedSourceRows)
{
    /// <summary>The factor that scales this table of the sample back to the estimated source size (1 when nothing was kept).</summary>
    public double ScaleFactor => Rows == 0 ? 1 : EstimatedSourceRows / Rows;
}

/// <summary>What <see cref="ForeignKeySampler.SampleAsync"/> wrote.</summary>
/// <param name="Tables">Every table, sorted by name.</param>
/// <param name="LookupMaxRows">The lookup threshold used.</param>
/// <param name="ForeignKeyViolations">Rows reported by <c>PRAGMA foreign_key_check</c> on the sample (0 when consistent).</param>
internal sealed record SampleResult(IReadOnlyList<SampledTable> Tables, long LookupMaxRows, long ForeignKeyViolations)
{
    /// <summary>The names of the tables kept whole.</summary>
    public IReadOnlySet<string> LookupTables =>
        Tables.Where(t => t.Role == SampleRole.Lookup).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The names of every table kept whole: the lookups and the tables outside the drawn dimension.</summary>
    public IReadOnlySet<string> KeptWhole =>
        Tables.Where(t => t.Role is SampleRole.Lookup or SampleRole.Whole).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
}
