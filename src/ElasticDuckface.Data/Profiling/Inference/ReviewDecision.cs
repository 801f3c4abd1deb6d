namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>One line of a review file: a decision about one reference.</summary>
/// <param name="Action">Accept, reject or add.</param>
/// <param name="Reference">The reference it is about.</param>
/// <param name="Line">Its line number in the file (from 1), for error messages and the evidence.</param>
public sealed record ReviewDecision(ReviewAction Action, ColumnReference Reference, int Line)
{
    /// <summary>Whether the decision keeps the reference (accept or add).</summary>
    public bool Keeps => Action != ReviewAction.Reject;
}
