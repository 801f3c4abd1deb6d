using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>
/// A fan-out's shape in the target against the profile's: KS against the reference the generator allocates against
/// (<see cref="FanOutReference.For"/> at the target's own parents and children), its floor and its excess over it, and
/// the threshold for that excess. One measure for a foreign key's whole fan-out and for each side of its parent's state.
/// </summary>
/// <param name="Ks">KS distance to the reference.</param>
/// <param name="Floor">The least KS any fan-outs of the target's counts can have.</param>
/// <param name="Excess">Ks − Floor, at least 0.</param>
/// <param name="Threshold">The configured KS plus one parent's weight (1 / <c>parentRows</c>).</param>
/// <param name="Normalized">Whether the reference moved from the profile's histogram (the children per parent moved).</param>
internal readonly record struct FanOutShape(double Ks, double Floor, double Excess, double Threshold, bool Normalized)
{
    /// <summary>Measures <paramref name="target"/> against <paramref name="profile"/>.</summary>
    /// <param name="profile">The profiled histogram.</param>
    /// <param name="target">The target's histogram.</param>
    /// <param name="parentRows">The target's parent rows (the CDF's resolution).</param>
    /// <param name="options">The thresholds and the plan's growth model.</param>
    /// <param name="pair">The other side of a key of two foreign keys, profiled and target parents, or null.</param>
    /// <param name="clusters">The fan-out's cluster paths as the generator sees them, or null.</param>
    /// <param name="minimum">The declared minimum fan-out (<see cref="ForeignKeyProfile.MinChildren"/>), 0 for none.</param>
    public static FanOutShape Measure(IReadOnlyList<FanOutBin> profile, IReadOnlyList<FanOutBin> target, long parentRows,
        VerifyOptions options, PairSide? pair = null, ClusterContext? clusters = null, int minimum = 0)
    {
        long targetParents = 0, targetChildren = 0;
        foreach (var b in target)
        {
            targetParents += b.Parents;
            targetChildren += b.Children * b.Parents;
        }

        var growth = options.Plan?.Growth ?? FanOutGrowth.Sample;
        var reference = FanOutReference.For(profile, targetParents, targetChildren, growth, pair, clusters, minimum);
        var normalized = !reference.SequenceEqual(FanOutReference.Stretch(profile, 1));
        var ks = FanOutDistance.KolmogorovSmirnov(reference, target);
        // the least KS any fan-outs of the target's parent and child counts can have: CDF steps of 1/parents against the reference's
        var floor = targetParents > 0 && reference.Length > 0
            ? FanOutAllocator.FloorAgainst(reference, targetParents, targetChildren, int.MaxValue, minimum)
            : 0;
        var threshold = options.Thresholds.MaxFanOutKs + (parentRows > 0 ? 1.0 / parentRows : 0);
        return new FanOutShape(ks, floor, Math.Max(0, ks - floor), threshold, normalized);
    }

    /// <summary>Whether the excess is over the threshold.</summary>
    public bool Over => Excess > Threshold;

    /// <summary>
    /// The status and note of this shape together with the fan-out's mean: the worse of the KS excess and the mean error
    /// over their thresholds decides (broken, so failed without <c>--strict</c>, at <see cref="VerifyThresholds.MaxDistanceFail"/>).
    /// </summary>
    /// <param name="mean">The target's mean.</param>
    /// <param name="expectedMean">The mean the target should have.</param>
    /// <param name="options">The thresholds.</param>
    public (MetricStatus Status, string Note, double MeanRatio) Judge(double mean, double expectedMean, VerifyOptions options)
    {
        var meanRatio = expectedMean > 0 ? mean / expectedMean : mean == 0 ? 1 : 1e9;
        var meanError = Math.Abs(meanRatio - 1);
        var maxMeanError = options.Thresholds.MaxFanOutMeanError;
        var notes = new List<string>();
        if (Over)
            notes.Add(ProblemText.FanOutKsNote(Ks, Floor, Threshold));
        if (meanError > maxMeanError)
            notes.Add(ProblemText.FanOutMeanNote(mean, expectedMean, meanRatio));
        var worstOver = Math.Max(Over ? Excess : 0, meanError > maxMeanError ? meanError : 0);
        return (notes.Count == 0 ? MetricStatus.Ok : ThresholdJudge.Over(worstOver, options), string.Join("; ", notes), meanRatio);
    }
}
