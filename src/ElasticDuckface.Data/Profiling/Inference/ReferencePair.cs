namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>A pair of columns to measure: the reference, the naming rule it matched (or null), and the measurement.</summary>
internal sealed record ReferencePair(ColumnReference Reference, string? NameRule)
{
    /// <summary>The containment, once measured; null when the database could not compare the columns.</summary>
    public Containment? Containment { get; init; }

    /// <summary>Why the database could not compare the columns, or null.</summary>
    public string? Error { get; init; }
}
