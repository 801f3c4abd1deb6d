namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>What inference found: every candidate with its evidence, and the count of pairs not worth listing.</summary>
/// <param name="Candidates">The listed candidates (accepted and rejected), sorted by child table, column, then parent.</param>
/// <param name="UnrelatedPairs">
/// Pairs of columns compared on data alone that share no value at all: measured, rejected, and only counted, since listing
/// every uuid column against every uuid key would bury the real candidates.
/// </param>
public sealed record ForeignKeyInferenceResult(IReadOnlyList<ForeignKeyCandidate> Candidates, int UnrelatedPairs)
{
    /// <summary>
    /// The review file's <c>min</c> lines as applied (names spelled as the schema spells them), echoed in the evidence so
    /// that the evidence passed back as a review file keeps them.
    /// </summary>
    public IReadOnlyList<MinimumDecision> Minimums { get; init; } = [];

    /// <summary>The review file's name, for the evidence of <see cref="Minimums"/>; null without a review file.</summary>
    public string? ReviewSource { get; init; }

    /// <summary>
    /// The evidence lines, a valid review file: a comment with the totals, then one line per candidate, then the
    /// <c>min</c> lines of the review file.
    /// </summary>
    public IEnumerable<string> Lines()
    {
        var accepted = Candidates.Count(c => c.Accepted);
        yield return $"# undeclared references: {accepted} accepted, {Candidates.Count - accepted} rejected, "
            + $"{UnrelatedPairs} pairs of columns compared on data alone share no value (not listed)";
        foreach (var candidate in Candidates)
            yield return candidate.ToString();
        foreach (var minimum in Minimums)
        {
            var where = ForeignKeyReview.Where(ReviewSource ?? "the review file", minimum.Line).TrimEnd(' ', ':');
            yield return $"{minimum}  # given by {where}";
        }
    }
}
