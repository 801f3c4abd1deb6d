namespace ElasticDuckface.Data.Dialects;

/// <summary>What <c>duckface clean</c> found for one target (issue 12).</summary>
/// <param name="Removed">The staging areas of interrupted runs removed (with a dry run: that would be removed).</param>
/// <param name="InUse">Staging areas left alone because a run into the target still holds them.</param>
public sealed record StagingCleanup(IReadOnlyList<string> Removed, IReadOnlyList<string> InUse)
{
    /// <summary>Nothing left by any run.</summary>
    public static StagingCleanup None { get; } = new([], []);
}
