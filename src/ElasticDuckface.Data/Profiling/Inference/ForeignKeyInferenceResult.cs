namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>What inference found: every candidate with its evidence, and the count of pairs not worth listing.</summary>
/// <param name="Candidates">The listed candidates (accepted and rejected), sorted by child table, column, then parent.</param>
/// <param name="UnrelatedPairs">
/// Pairs of columns compared on data alone that share no value at all: measured, rejected, and only counted, since listing
/// every uuid column against every uuid key would bury the real candidates.
/// </param>
public sealed record ForeignKeyInferenceResult(IReadOnlyList<ForeignKeyCandidate> Candidates, int UnrelatedPairs)
{
    /// <summary>The evidence lines, a valid review file: a comment with the totals, then one line per candidate.</summary>
    public IEnumerable<string> Lines()
    {
        var accepted = Candidates.Count(c => c.Accepted);
        yield return $"# undeclared references: {accepted} accepted, {Candidates.Count - accepted} rejected, "
            + $"{UnrelatedPairs} pairs of columns compared on data alone share no value (not listed)";
        foreach (var candidate in Candidates)
            yield return candidate.ToString();
    }
}
