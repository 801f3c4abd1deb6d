namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>What a line of a foreign key review file (<c>profile --fks FILE</c>) decides.</summary>
public enum ReviewAction
{
    /// <summary>Keep the reference, whatever the automatic rules say.</summary>
    Accept,

    /// <summary>Never keep the reference.</summary>
    Reject,

    /// <summary>Keep a reference the inference did not list (the same as <see cref="Accept"/>; reads better for a new one).</summary>
    Add,
}
