using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>The learned dependencies under differential privacy: a table's row state and its orderings (ADR 0008).</summary>
internal static class NoisyRowState
{
    /// <summary>
    /// One statistic: each conditional column as a histogram per side (a row is on one side) with its association (a
    /// distance in [0, 1]), and each parent's 2×2 table of states (a child row is in one cell); the state's fraction
    /// follows the flag column's noisy null fraction, the phi coefficients the noisy tables.
    /// </summary>
    public static RowStateProfile Apply(RowStateProfile state, TableProfile t, IReadOnlyList<ColumnProfile> noisyColumns, double measured,
        long noisyRows, DifferentialPrivacy.Budget budget)
    {
        var sensitivity = default(Sensitivity);
        foreach (var c in state.Columns)
        {
            var (a, b) = (NoisyDistributions.ColumnSensitivity(c.WhenSet), NoisyDistributions.ColumnSensitivity(c.WhenUnset));
            sensitivity += (a.L1 >= b.L1 ? a : b) + Sensitivity.Range(1);
        }

        sensitivity += state.Parents.Count * Sensitivity.Count;
        var noise = budget.Noise(t.Name, sensitivity, "rowState", state.Column);
        var flag = noisyColumns.FirstOrDefault(c => string.Equals(c.Name, state.Column, StringComparison.Ordinal))?.Stats;
        var fraction = flag is null ? state.Fraction : Quantiles.Tidy(1 - flag.NullFraction);
        return state with
        {
            Fraction = fraction,
            Columns = [.. state.Columns.Select(c =>
            {
                var nullable = t.FindColumn(c.Name)?.Nullable ?? true;
                return c with
                {
                    WhenSet = NoisyDistributions.Column(c.WhenSet, measured * state.Fraction, nullable, noisyRows * fraction, noise),
                    WhenUnset = NoisyDistributions.Column(c.WhenUnset, measured * (1 - state.Fraction), nullable,
                        noisyRows * (1 - fraction), noise),
                    Association = Quantiles.Tidy(noise.Bounded(c.Association, 0, 1)),
                    // not used to generate (the sides' distributions are): kept, with the noise that tells how little it says
                    AssociationNoise = Quantiles.Tidy(noise.HalfWidth95),
                };
            })],
            Parents = [.. state.Parents.Select(p => Parent(p, noise))],
        };
    }

    private static ParentStateProfile Parent(ParentStateProfile p, StatisticNoise noise)
    {
        var (set, unset) = (p.Rows * p.ParentSetFraction, p.Rows * (1 - p.ParentSetFraction));
        var (a, b) = (noise.Count(set * p.SetGivenParentSet), noise.Count(set * (1 - p.SetGivenParentSet)));
        var (c, d) = (noise.Count(unset * p.SetGivenParentUnset), noise.Count(unset * (1 - p.SetGivenParentUnset)));
        var rows = a + b + c + d;
        var childSet = rows > 0 ? (a + c) / rows : 0;
        var denominator = Math.Sqrt((a + b) * (c + d) * (a + c) * (b + d));
        return p with
        {
            Rows = (long)Math.Round(rows),
            ParentSetFraction = rows > 0 ? Quantiles.Tidy((a + b) / rows) : 0,
            SetGivenParentSet = Quantiles.Tidy(a + b > 0 ? a / (a + b) : childSet),
            SetGivenParentUnset = Quantiles.Tidy(c + d > 0 ? c / (c + d) : childSet),
            Correlation = denominator > 0 ? Quantiles.Tidy((a * d - b * c) / denominator) : 0,
        };
    }

    /// <summary>
    /// One statistic per ordering: a row adds itself to the in-order/out-of-order cells, one gap bin, one NULL cell, one
    /// gap bin of its state's side and one of its anchor's quarter (sensitivity 5).
    /// </summary>
    public static ColumnOrderingProfile Ordering(ColumnOrderingProfile o, TableProfile t, double measured,
        DifferentialPrivacy.Budget budget)
    {
        var noise = budget.Noise(t.Name, 5 * Sensitivity.Count, "ordering", o.Column, o.After);
        var (inOrder, outOfOrder) = (noise.Count(o.Share * o.Rows), noise.Count((1 - o.Share) * o.Rows));
        var afterNulls = measured * (t.FindColumn(o.After)?.Stats?.NullFraction ?? 0);
        var fraction = t.RowState?.Fraction ?? 1;
        return o with
        {
            Rows = (long)Math.Round(inOrder + outOfOrder),
            Share = inOrder + outOfOrder > 0 ? Quantiles.Tidy(inOrder / (inOrder + outOfOrder)) : 1,
            GapSeconds = Gaps(o.GapSeconds, o.Rows, noise)!,
            NullWhenAfterNull = o.NullWhenAfterNull is { } n ? Share(n, afterNulls, noise) : null,
            NullWhenAfterSet = Share(o.NullWhenAfterSet, measured - afterNulls, noise),
            GapSecondsWhenSet = Gaps(o.GapSecondsWhenSet, o.Rows * fraction, noise),
            GapSecondsWhenUnset = Gaps(o.GapSecondsWhenUnset, o.Rows * (1 - fraction), noise),
            GapSecondsByAfter = o.GapSecondsByAfter?.Select(s => s with
            {
                GapSeconds = Gaps(s.GapSeconds, (double)o.Rows / o.GapSecondsByAfter.Count, noise)!,
            }).ToList(),
        };
    }

    private static double Share(double share, double rows, StatisticNoise noise)
    {
        var (yes, no) = (noise.Count(share * rows), noise.Count((1 - share) * rows));
        return yes + no > 0 ? Quantiles.Tidy(yes / (yes + no)) : 0;
    }

    private static List<double>? Gaps(IReadOnlyList<double>? gaps, double rows, StatisticNoise noise) =>
        gaps is null ? null : [.. NoisyQuantiles.Apply(gaps, rows, false, noise).Quantiles.Select(Quantiles.Tidy)];
}
