namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// Decides, for the measured pairs of one child column, which reference (at most one, unless a review keeps more) goes into
/// the profile: the review file's decisions first, then the automatic rules of docs/inferred-fks.md.
/// </summary>
internal sealed class CandidateJudge(ForeignKeyInferenceOptions options)
{
    /// <summary>Naming rules from the most to the least specific: a tie between parents is settled by the better name.</summary>
    private static readonly string[] RuleRank = ["plural", "table", "suffix", "same name"];

    /// <summary>The candidates of one child column's pairs, in the pairs' order.</summary>
    public IReadOnlyList<ForeignKeyCandidate> Decide(IReadOnlyList<ReferencePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var review = options.Review;
        var reviewKeeps = pairs.Any(p => review?.Find(p.Reference) is { Keeps: true });
        var decided = new Dictionary<ReferencePair, ForeignKeyCandidate>();
        var passing = new List<ReferencePair>();
        foreach (var pair in pairs)
        {
            if (review?.Find(pair.Reference) is { } decision)
            {
                var verb = decision.Keeps ? "kept" : "rejected";
                var where = ForeignKeyReview.Where(review.Source, decision.Line).TrimEnd(' ', ':');
                decided[pair] = Candidate(pair, decision.Keeps, $"{verb} by {where}");
            }
            else if (Fails(pair) is { } why)
            {
                decided[pair] = Candidate(pair, false, why);
            }
            else if (reviewKeeps)
            {
                decided[pair] = Candidate(pair, false, "the review file keeps another reference of this column");
            }
            else
            {
                passing.Add(pair);
            }
        }

        var best = Best(passing);
        foreach (var pair in passing)
        {
            if (ReferenceEquals(pair, best))
            {
                decided[pair] = Candidate(pair, true, pair.NameRule is null
                    ? "every value has a parent and no other key holds them"
                    : "every value has a parent and the name agrees");
            }
            else
            {
                var others = string.Join(", ", passing.Where(p => !ReferenceEquals(p, pair))
                    .Select(p => $"{p.Reference.ReferencedTable}.{p.Reference.ReferencedColumn}"));
                decided[pair] = Candidate(pair, false, best is null
                    ? $"ambiguous: {others} holds every value too; choose one in a review file"
                    : $"{best.Reference.ReferencedTable}.{best.Reference.ReferencedColumn} fits the name better");
            }
        }

        return [.. pairs.Select(p => decided[p])];
    }

    private string? Fails(ReferencePair pair)
    {
        if (pair.Error is { } error)
            return "the database cannot compare the two columns: " + error;
        var c = pair.Containment!;
        if (c.DistinctValues == 0)
            return "the column holds no value to check";
        if (c.Coverage < options.MinCoverage)
            return $"{c.DistinctValues - c.Found} of {c.DistinctValues} values have no parent";
        if (pair.NameRule is null && c.DistinctValues < options.MinDistinctWithoutName)
            return $"only {c.DistinctValues} distinct values, too few to tell a reference from a coincidence without a name rule";
        return null;
    }

    /// <summary>
    /// The one passing pair to accept: the most specific name rule, then the parent whose table name shares the longest
    /// prefix with the child's (<c>shadow_instance_actions_events</c> → <c>shadow_instance_actions</c>); null on a tie.
    /// </summary>
    private static ReferencePair? Best(List<ReferencePair> passing)
    {
        if (passing.Count <= 1)
            return passing.FirstOrDefault();
        var ranked = passing
            .Select(p => (Pair: p, Rank: p.NameRule is null ? RuleRank.Length : Array.IndexOf(RuleRank, p.NameRule),
                Prefix: CommonPrefix(p.Reference.Table, p.Reference.ReferencedTable)))
            .OrderBy(x => x.Rank).ThenByDescending(x => x.Prefix).ToList();
        return ranked[0].Rank == ranked[1].Rank && ranked[0].Prefix == ranked[1].Prefix ? null : ranked[0].Pair;
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
            n++;
        return n;
    }

    private static ForeignKeyCandidate Candidate(ReferencePair pair, bool accepted, string reason) => new()
    {
        Reference = pair.Reference,
        NameRule = pair.NameRule,
        Containment = pair.Containment,
        Accepted = accepted,
        Reason = reason,
    };
}
