namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>A reference the source does not declare, with its evidence and the decision about it.</summary>
public sealed record ForeignKeyCandidate
{
    /// <summary>The reference.</summary>
    public required ColumnReference Reference { get; init; }

    /// <summary>The naming rule the column matched (see <c>docs/inferred-fks.md</c>), or null when only the data speaks.</summary>
    public string? NameRule { get; init; }

    /// <summary>The measured containment, or null when the database could not compare the two columns.</summary>
    public Containment? Containment { get; init; }

    /// <summary>Whether the reference goes into the profile (undeclared: generated and checked, no constraint).</summary>
    public bool Accepted { get; init; }

    /// <summary>Why it was accepted or not, in words.</summary>
    public required string Reason { get; init; }

    /// <summary>
    /// The evidence as one review file line: <c>accept|reject child.col -> parent.col  # evidence; reason</c>, so that the
    /// printed list can be edited and passed back with <c>--fks</c>.
    /// </summary>
    public override string ToString()
    {
        var evidence = Containment?.ToString() ?? "not measured";
        var rule = NameRule is null ? "no name rule" : "name rule " + NameRule;
        return $"{(Accepted ? "accept" : "reject")} {Reference}  # {evidence}, {rule}; {Reason}";
    }
}
