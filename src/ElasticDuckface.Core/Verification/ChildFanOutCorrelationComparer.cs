using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>Compares the busy-parent correlations of a parent table (<see cref="TableProfile.ChildFanOutCorrelations"/>)
/// in the target with the profile's.</summary>
internal static class ChildFanOutCorrelationComparer
{
    /// <summary>
    /// How far ρ may drift: the weakest correlation a profile keeps (<see cref="Statistics.RankCorrelation.MinKept"/>), so
    /// a pair over it has lost at least as much order as the profile found worth keeping. The generator's own error is
    /// far smaller (its calibration grid's 0.011 and the parents' sampling noise, covered by 1.96/√parents).
    /// </summary>
    public const double Tolerance = Statistics.RankCorrelation.MinKept;

    /// <summary>The table's recorded pairs that the target measured, in the profile's order.</summary>
    public static List<ChildFanOutCorrelationFidelity> Compare(TableProfile table, TableProfile target, VerifyOptions options)
    {
        var result = new List<ChildFanOutCorrelationFidelity>();
        foreach (var pair in table.ChildFanOutCorrelations)
        {
            if (target.ChildFanOutCorrelations.FirstOrDefault(t => t.Names(pair.First, pair.Second)) is not { } measured)
                continue;
            // the target may list the pair the other way round: ρ is symmetric
            var difference = MetricRounding.Round(Math.Abs(measured.Spearman - pair.Spearman));
            var (threshold, status) = ThresholdJudge.Judge(difference, Tolerance, ThresholdJudge.CorrelationNoiseFactor,
                Math.Min(table.RowCount, target.RowCount), options);
            result.Add(new ChildFanOutCorrelationFidelity
            {
                First = pair.First,
                Second = pair.Second,
                Spearman = new(pair.Spearman, measured.Spearman),
                Difference = difference,
                Threshold = threshold,
                Status = status,
                Note = status != MetricStatus.Ok
                    ? "busy-parent rank correlation " + ProblemText.DifferenceNote(measured.Spearman, pair.Spearman, difference, threshold)
                    : "",
            });
        }

        return result;
    }
}
