namespace ElasticDuckface.Sweep;

/// <summary>Compares a sweep with a baseline sweep (before and after a patch): which measures grew.</summary>
public static class SweepComparison
{
    /// <summary>A measure grew when it now costs more than this many times the baseline at the compared row count.</summary>
    public const double GrowthTolerance = 1.25;

    /// <summary>The measures both sweeps have, gated measures first; each says whether it grew.</summary>
    public static IReadOnlyList<MeasureChange> Compare(SweepReport baseline, SweepReport current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var rows = (double)(current.PredictRows ?? current.Points.Max(p => p.Rows));
        var before = baseline.Growth.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var changes = new List<MeasureChange>();
        foreach (var now in current.Growth)
        {
            if (!before.TryGetValue(now.Name, out var then))
                continue;
            var a = then.Fit.Best.Predict(rows);
            var b = now.Fit.Best.Predict(rows);
            var grew = now.Fit.Best.Model > then.Fit.Best.Model || b > (a * GrowthTolerance) + 1e-9;
            changes.Add(new MeasureChange(now.Name, then.Fit.Best.Model, now.Fit.Best.Model, a, b, rows, grew));
        }

        return changes;
    }
}
