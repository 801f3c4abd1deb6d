using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares the correlation of a row's two parents' fan-outs, per pair of a table's foreign keys, in the target with
/// the profile's.
/// </summary>
internal static class JointForeignKeyComparer
{
    /// <summary>The table's pairs that both sides measured, in the profile's order.</summary>
    public static List<JointForeignKeyFidelity> Compare(TableProfile table, TableProfile target, VerifyOptions options)
    {
        var joint = new List<JointForeignKeyFidelity>();
        foreach (var pair in table.JointForeignKeys)
        {
            if (FindPair(target, pair) is { } tp)
                joint.Add(CompareJoint(pair, tp, options));
        }

        return joint;
    }

    /// <summary>The target's measurement of the same pair of foreign keys (matched by columns, in either order).</summary>
    private static JointForeignKeyProfile? FindPair(TableProfile target, JointForeignKeyProfile pair)
    {
        static bool Same(ForeignKeyReference a, ForeignKeyReference b) =>
            a.Columns.SequenceEqual(b.Columns, StringComparer.OrdinalIgnoreCase);
        return target.JointForeignKeys.FirstOrDefault(t => Same(t.First, pair.First) && Same(t.Second, pair.Second))
            ?? target.JointForeignKeys.FirstOrDefault(t => Same(t.First, pair.Second) && Same(t.Second, pair.First));
    }

    private static JointForeignKeyFidelity CompareJoint(JointForeignKeyProfile p, JointForeignKeyProfile t, VerifyOptions options)
    {
        var difference = MetricRounding.Round(Math.Abs(t.FanOutCorrelation - p.FanOutCorrelation));
        // a correlation over n rows moves by about 1/√n by chance alone, and a DP profile's by its recorded noise: a
        // difference within either cannot be told from it (a drowned correlation, noise ≥ 1, is never over)
        var rows = Math.Min(p.Rows, t.Rows);
        var (threshold, status) = ThresholdJudge.Judge(difference, options.Thresholds.MaxJointCorrelationDiff,
            ThresholdJudge.CorrelationNoiseFactor, rows, options, p.FanOutCorrelationNoise ?? 0);
        return new JointForeignKeyFidelity
        {
            First = p.First,
            Second = p.Second,
            Rows = new(p.Rows, t.Rows),
            FanOutCorrelation = new(p.FanOutCorrelation, t.FanOutCorrelation),
            Difference = difference,
            Threshold = threshold,
            Status = status,
            Note = status != MetricStatus.Ok ? ProblemText.JointNote(t.FanOutCorrelation, p.FanOutCorrelation, difference, threshold) : "",
        };
    }
}
