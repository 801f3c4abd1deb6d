using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>Compares each column's distribution and NULL fraction in the target with the profile's.</summary>
internal static class ColumnComparer
{
    /// <summary>The table's columns that both sides measured, in declared order.</summary>
    public static List<ColumnFidelity> Compare(TableProfile table, TableProfile target, VerifyOptions options)
    {
        var columns = new List<ColumnFidelity>();
        foreach (var column in table.Columns)
        {
            var tc = target.FindColumn(column.Name);
            if (column.Stats is null || tc?.Stats is null)
                continue;
            var measured = target.SampledRows ?? target.RowCount;
            // a reference's values are parent keys, which move with the parent's size: its distribution is the fan-out
            var reference = table.ForeignKeys.Any(f => f.Columns.Contains(column.Name, StringComparer.Ordinal));
            // a copy of a key on one side of a row state (deleted = id) moves with the key's range: compared as a dependency
            var copy = table.RowState?.Columns.Any(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase)
                && (c.WhenSet.Distribution is SameAsDistribution || c.WhenUnset.Distribution is SameAsDistribution)) == true;
            columns.Add(CompareColumn(column, column.Stats, tc.Stats, measured, options, reference, copy));
        }

        return columns;
    }

    /// <summary>The distance between two distributions, by the metric their kinds allow, with a note when not plainly comparable.</summary>
    public static (ColumnMetric Metric, double? Distance, string Note) Distance(Distribution p, Distribution t) => (p, t) switch
    {
        (EmptyDistribution, EmptyDistribution) => (ColumnMetric.None, 0, ""),
        (SequenceDistribution, _) => (ColumnMetric.None, null, "a key sequence: checked for duplicates, not compared"),
        (NumericDistribution a, NumericDistribution b) => (ColumnMetric.Ks, DistributionDistance.QuantileKs(a.Quantiles, b.Quantiles), ""),
        (DateTimeDistribution a, DateTimeDistribution b) => (ColumnMetric.Ks, DateTimeKs(a, b), ""),
        (TextDistribution a, TextDistribution b) => (ColumnMetric.LengthKs, DistributionDistance.QuantileKs(a.Lengths, b.Lengths),
            a.Shape == b.Shape ? "" : $"shape {b.Shape} vs {a.Shape}"),
        (BinaryDistribution a, BinaryDistribution b) => (ColumnMetric.LengthKs, DistributionDistance.QuantileKs(a.Lengths, b.Lengths), ""),
        (CategoricalDistribution a, CategoricalDistribution b) =>
            (ColumnMetric.TotalVariation, DistributionDistance.CategoricalTotalVariation(a, b), ""),
        (BooleanDistribution a, BooleanDistribution b) => (ColumnMetric.TotalVariation, Math.Abs(a.TrueFraction - b.TrueFraction), ""),
        (JsonDistribution a, JsonDistribution b) => (ColumnMetric.Structure, JsonStructureDistance.Between(a.Root, b.Root), ""),
        // the target's values no longer repeat enough to be categorical (or now do): compare what both describe
        (CategoricalDistribution { Values.Count: 0, Other: { } other }, _) => Distance(other, t),
        (_, CategoricalDistribution { Values.Count: 0, Other: { } other }) => Distance(p, other),
        _ => CrossKind(p, t),
    };

    private static double DateTimeKs(DateTimeDistribution a, DateTimeDistribution b) =>
        DistributionDistance.QuantileKs(
            DistributionDistance.DateTimeSeconds(a.Quantiles), DistributionDistance.DateTimeSeconds(b.Quantiles));

    private static ColumnFidelity CompareColumn(
        ColumnProfile column, ColumnStatistics p, ColumnStatistics t, long measuredRows, VerifyOptions options, bool reference, bool copy)
    {
        var (metric, distance, note) = reference
            ? (ColumnMetric.None, (double?)null, "a foreign-key column: compared as fan-out")
            : copy
                ? (ColumnMetric.None, (double?)null, "copies a key column in part of the rows: compared as a dependency")
                : Distance(p.Distribution, t.Distribution);
        var nullDiff = MetricRounding.Round(Math.Abs(p.NullFraction - t.NullFraction));
        // the noise of a distance between values shrinks with the values measured; a column without any is judged by its
        // NULL fraction alone, a proportion over all the rows (else 1.36/√1 would excuse any NULL fraction)
        var allNull = t.Distribution is EmptyDistribution;
        var nonNull = allNull ? Math.Max(1, measuredRows) : Math.Max(1, (long)Math.Round(measuredRows * (1 - t.NullFraction)));
        var threshold = ThresholdJudge.Threshold(options.Thresholds.MaxColumnDistance, ThresholdJudge.KsNoiseFactor, nonNull);
        var emptied = allNull && !reference && !copy && HasValues(p.Distribution) && nullDiff > threshold;
        var total = emptied ? 1 : Math.Max(distance ?? 0, nullDiff);
        var unusable = !reference && !copy && ValuesUnusable(p.Distribution, t.Distribution);
        MetricStatus status;
        if (emptied)
        {
            // values were profiled and the target has none, more NULLs than its rows' noise explains: nothing of the
            // distribution is left to compare, so it is 1 apart (broken, not drifted), whatever the NULL fractions were
            (metric, distance, status) = (ColumnMetric.None, null, ThresholdJudge.Over(1, options));
            note = ProblemText.ColumnEmptiedNote(t.NullFraction, p.NullFraction, nullDiff, threshold);
        }
        else if (unusable)
        {
            // numbers or dates were profiled and the target's values no longer parse as such: broken, not drifted
            (metric, distance, total, status) = (ColumnMetric.Ks, 1, 1, MetricStatus.Failed);
            note = ProblemText.ColumnUnusableNote(KindOf(p.Distribution), KindOf(t.Distribution));
        }
        else if (distance is null && nullDiff <= threshold)
        {
            status = MetricStatus.NotCompared;
        }
        else if (total > threshold)
        {
            // text and binary lengths vary honestly (a generated name is not a profiled one): they never break, only drift
            status = ThresholdJudge.Over(metric == ColumnMetric.LengthKs && distance >= nullDiff ? 0 : total, options);
            note = (distance ?? 0) >= nullDiff
                ? ProblemText.ColumnDistanceNote(metric, distance, threshold)
                : ProblemText.ColumnNullNote(t.NullFraction, p.NullFraction, nullDiff, threshold);
        }
        else
        {
            status = MetricStatus.Ok;
        }

        return new ColumnFidelity
        {
            Name = column.Name,
            Kind = KindOf(p.Distribution),
            TargetKind = KindOf(t.Distribution),
            Metric = metric,
            DistributionDistance = distance is null ? null : MetricRounding.Round(distance.Value),
            NullFraction = new(p.NullFraction, t.NullFraction),
            NullFractionDifference = nullDiff,
            Distance = MetricRounding.Round(total),
            Threshold = threshold,
            Status = status,
            ValuesUnusable = unusable ? true : null,
            Note = note,
        };
    }

    /// <summary>Whether a profiled distribution describes values a target column should have (not a key or a copy of one).</summary>
    private static bool HasValues(Distribution d) => d is not (EmptyDistribution or SequenceDistribution or SameAsDistribution);

    /// <summary>
    /// Whether the profile describes numbers or dates (quantiles, or kept values that all parse) and the target has
    /// non-null values that do not (free text, lorem): values a reader of the column cannot use.
    /// </summary>
    internal static bool ValuesUnusable(Distribution profile, Distribution target) =>
        profile is NumericDistribution or DateTimeDistribution or CategoricalDistribution
        && target is not (EmptyDistribution or SequenceDistribution or SameAsDistribution or BooleanDistribution)
        && DistributionMixture.Parts(profile, lengths: false) is not null
        && DistributionMixture.Parts(target, lengths: false) is null;

    /// <summary>
    /// Different kinds on the two sides (e.g. the target's values collapsed to a few that the profiler calls categorical):
    /// compare as mixtures of values when both describe numbers, dates or text lengths.
    /// </summary>
    private static (ColumnMetric Metric, double? Distance, string Note) CrossKind(Distribution p, Distribution t)
    {
        var note = $"kinds differ ({EnumText.Of(KindOf(t))} vs {EnumText.Of(KindOf(p))})";
        if (DistributionMixture.Parts(p, lengths: false) is { } mp && DistributionMixture.Parts(t, lengths: false) is { } mt)
            return (ColumnMetric.Ks, DistributionDistance.MixtureKs(mp, mt), note);
        if (DistributionMixture.Parts(p, lengths: true) is { } lp && DistributionMixture.Parts(t, lengths: true) is { } lt)
            return (ColumnMetric.LengthKs, DistributionDistance.MixtureKs(lp, lt), note);
        return (ColumnMetric.None, null, note + ": not compared");
    }

    private static DistributionKind KindOf(Distribution d) => d switch
    {
        EmptyDistribution => DistributionKind.Empty,
        SequenceDistribution => DistributionKind.Sequence,
        NumericDistribution => DistributionKind.Numeric,
        CategoricalDistribution => DistributionKind.Categorical,
        TextDistribution => DistributionKind.Text,
        DateTimeDistribution => DistributionKind.Datetime,
        BooleanDistribution => DistributionKind.Boolean,
        BinaryDistribution => DistributionKind.Binary,
        SameAsDistribution => DistributionKind.SameAs,
        JsonDistribution => DistributionKind.Json,
        _ => DistributionKind.Other,
    };
}
