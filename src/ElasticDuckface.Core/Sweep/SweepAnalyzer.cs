using System.Globalization;

namespace ElasticDuckface.Sweep;

/// <summary>Turns a sweep's points into each measure's growth and prediction, and judges the thresholds.</summary>
public static class SweepAnalyzer
{
    /// <summary>
    /// Fits every measure's medians against the row count (<see cref="GrowthFitter"/>) and predicts it at
    /// <paramref name="predictRows"/>. A counter that is 0 at every scale is left out; the gated measures never are. A scale
    /// that generated no rows has no place on a row-count axis and is not fitted.
    /// </summary>
    public static IReadOnlyList<MeasureGrowth> Analyze(IReadOnlyList<SweepPoint> all, long? predictRows)
    {
        ArgumentNullException.ThrowIfNull(all);
        var points = all.Where(p => p.Rows > 0).ToList();
        var names = points.SelectMany(p => p.Measures.Keys).Distinct()
            .Where(n => SweepMeasures.Gated.Contains(n) || points.Any(p => p.Measures.GetValueOrDefault(n)?.Median is > 0 or < 0))
            .OrderBy(n => SweepMeasures.Gated.Contains(n) ? SweepMeasures.Gated.ToList().IndexOf(n) : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal);
        var result = new List<MeasureGrowth>();
        foreach (var name in names)
        {
            var fit = GrowthFitter.Fit([.. points.Select(p => ((double)p.Rows, p.Measures.GetValueOrDefault(name)?.Median ?? 0))]);
            result.Add(new MeasureGrowth(name, fit, predictRows is { } rows ? fit.Best.Predict(rows) : null));
        }

        return result;
    }

    /// <summary>
    /// The thresholds a report exceeds: seconds and rows read at the prediction (else the largest scale's median) above
    /// their limits, and a gated measure growing faster than <see cref="SweepThresholds.MaxGrowth"/>.
    /// </summary>
    public static IReadOnlyList<SweepViolation> Judge(SweepReport report, SweepThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var inv = CultureInfo.InvariantCulture;
        var violations = new List<SweepViolation>();
        var at = report.PredictScale is { } s ? string.Create(inv, $"predicted at ×{s:0.###}") : "at the largest scale";
        void Limit(string measure, double? limit, string unit)
        {
            if (limit is not { } max || Value(report, measure) is not { } value || value <= max)
                return;
            violations.Add(new SweepViolation(measure,
                string.Create(inv, $"{measure} {at} is {value:0.###}{unit}, over the limit {max:0.###}{unit}")));
        }

        Limit(SweepMeasures.Seconds, thresholds.MaxSeconds, " s");
        Limit(SweepMeasures.RowsRead, thresholds.MaxRowsRead, "");
        if (thresholds.MaxGrowth is { } growth)
        {
            foreach (var g in report.Growth.Where(g => SweepMeasures.Gated.Contains(g.Name) && g.Fit.Best.Model > growth))
                violations.Add(new SweepViolation(g.Name,
                    $"{g.Name} grows {g.Fit.Best.Model.Words()}, faster than the allowed {growth.Words()}"));
        }

        return violations;
    }

    /// <summary>A measure's prediction, else its median at the largest scale; null when the sweep did not measure it.</summary>
    public static double? Value(SweepReport report, string measure)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Growth.FirstOrDefault(g => g.Name == measure) is { Predicted: { } predicted })
            return predicted;
        return report.Points.Count == 0 ? null : report.Points[^1].Measures.GetValueOrDefault(measure)?.Median;
    }
}
