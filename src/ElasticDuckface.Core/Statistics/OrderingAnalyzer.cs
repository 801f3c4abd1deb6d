using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Learns (profile) or measures (verify) the orderings between a table's date/time columns from the profiler's sample:
/// for each later column the earlier one it follows most tightly, the share in order and the gap quantiles, per side
/// of the row state or per quarter of the anchor (<see cref="ColumnOrderingProfile"/>).
/// </summary>
/// <remarks>A job of its own beside <see cref="DependencyAnalyzer"/>'s row state; it shares the eligible columns and
/// the sample size a side needs.</remarks>
public static class OrderingAnalyzer
{
    /// <summary>
    /// Learns the orderings between date/time columns (see <see cref="ColumnOrderingProfile"/>), or measures the
    /// <paramref name="reference"/> ones (for verify: share and gaps of the same pairs, whatever they are).
    /// </summary>
    /// <param name="table">The table, with its <see cref="TableProfile.RowState"/> when it has one (gaps are then also
    /// measured per side).</param>
    /// <param name="sample">The sampled rows.</param>
    /// <param name="settings">Thresholds (<see cref="ProfileSettings.DependencyThreshold"/> 0 turns learning off).</param>
    /// <param name="reference">The orderings to measure instead of learning, or null.</param>
    public static IReadOnlyList<ColumnOrderingProfile> Learn(TableProfile table, IReadOnlyList<object?[]> sample,
        ProfileSettings settings, IReadOnlyList<ColumnOrderingProfile>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        var result = new List<ColumnOrderingProfile>();
        // dates stored as text (SQLite's rental_date TEXT) are ordered as the instants they hold
        var referenced = reference?.SelectMany(r => new[] { r.Column, r.After }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        sample = WithTextDates(table, sample, referenced);
        if (reference is not null)
        {
            foreach (var r in reference)
            {
                var (b, a) = (DependencyAnalyzer.IndexOf(table, r.Column), DependencyAnalyzer.IndexOf(table, r.After));
                if (a >= 0 && b >= 0 && Pair(sample, a, b) is { } measured)
                    result.Add(Ordering(table, sample, a, b, measured.Share, measured.Gaps, settings.QuantileMinCount));
            }

            return result;
        }

        if (settings.DependencyThreshold <= 0)
            return result;
        var eligible = DependencyAnalyzer.Eligible(table)
            .Where(i => table.Columns[i].Category is ColumnCategory.Date or ColumnCategory.DateTime
                || TextValueFormat.DateFormatOf(table.Columns[i]) is not null)
            .ToList();
        foreach (var b in eligible)
        {
            (int A, double Share, double[] Gaps)? best = null;
            foreach (var a in eligible.Where(a => a < b))
            {
                if (Pair(sample, a, b) is not { } p || p.Gaps.Length < DependencyAnalyzer.MinSideRows || p.Share < 0.99)
                    continue;
                if (best is null || p.Gaps[p.Gaps.Length / 2] < best.Value.Gaps[best.Value.Gaps.Length / 2])
                    best = (a, p.Share, p.Gaps);
            }

            if (best is { } chosen)
                result.Add(Ordering(table, sample, chosen.A, b, chosen.Share, chosen.Gaps, settings.QuantileMinCount));
        }

        return result;
    }

    /// <summary>
    /// The sample with each text column profiled as dates read as the instants it holds (text that does not parse
    /// stays text, so it pairs with nothing but still counts as not NULL); the sample itself when no column is one.
    /// When measuring for verify, the text columns of the <paramref name="measured"/> orderings are read in any recognised
    /// date format if not in one (a target's column whose values do not all share one format is measured where they parse).
    /// </summary>
    private static IReadOnlyList<object?[]> WithTextDates(TableProfile table, IReadOnlyList<object?[]> sample, HashSet<string>? measured)
    {
        var textDates = Enumerable.Range(0, table.Columns.Count)
            .Select(i => (Index: i, Format: TextValueFormat.DateFormatOf(table.Columns[i], Conditioned(table, i)),
                Any: measured is not null && measured.Contains(table.Columns[i].Name)
                    && table.Columns[i].Category is ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Other))
            .Where(c => c.Format is not null || c.Any)
            .ToArray();
        if (textDates.Length == 0)
            return sample;
        var result = new List<object?[]>(sample.Count);
        foreach (var row in sample)
        {
            var copy = (object?[])row.Clone();
            foreach (var (i, format, _) in textDates)
            {
                if (copy[i] is string text && TextValueFormat.TryParseInstant(text, format, out var instant))
                    copy[i] = instant;
            }

            result.Add(copy);
        }

        return result;
    }

    private static ConditionalColumnProfile? Conditioned(TableProfile table, int column) =>
        table.RowState?.Columns.FirstOrDefault(x => string.Equals(x.Name, table.Columns[column].Name, StringComparison.OrdinalIgnoreCase));

    private static ColumnOrderingProfile Ordering(TableProfile table, IReadOnlyList<object?[]> sample, int a, int b, double share,
        double[] gaps, int k)
    {
        // the rows with both values, once: their anchor, gap and row-state flag
        var flag = table.RowState is { } rowState ? DependencyAnalyzer.IndexOf(table, rowState.Column) : -1;
        var pairs = sample.Where(r => r[a] is DateTime && r[b] is DateTime)
            .Select(r => (Anchor: (DateTime)r[a]!, Gap: ((DateTime)r[b]! - (DateTime)r[a]!).TotalSeconds,
                Set: flag >= 0 && r[flag] is not null))
            .ToList();

        double[]? Side(bool set)
        {
            if (flag < 0)
                return null;
            var side = pairs.Where(p => p.Set == set).Select(p => p.Gap).ToList();
            return side.Count < DependencyAnalyzer.MinSideRows ? null : GapQuantiles(side, k);
        }

        var anchorNull = sample.Count(r => r[a] is null);
        var anchorSet = sample.Count - anchorNull;
        var (whenSet, whenUnset) = (Side(true), Side(false));
        return new ColumnOrderingProfile
        {
            Column = table.Columns[b].Name,
            After = table.Columns[a].Name,
            Rows = gaps.Length,
            NullWhenAfterNull = anchorNull == 0
                ? null
                : Quantiles.Tidy((double)sample.Count(r => r[a] is null && r[b] is null) / anchorNull),
            NullWhenAfterSet = anchorSet == 0 ? 0 : Quantiles.Tidy((double)sample.Count(r => r[a] is not null && r[b] is null) / anchorSet),
            Share = Quantiles.Tidy(share),
            GapSeconds = gaps.Length == 0 ? [] : GapQuantiles(gaps, k),
            GapSecondsWhenSet = whenSet,
            GapSecondsWhenUnset = whenUnset,
            // a row state that cannot split the gap (a side with too few rows, e.g. a soft delete no row or every row has)
            // leaves it to the anchor's quarters
            GapSecondsByAfter = whenSet is null || whenUnset is null ? ByAnchor() : null,
        };

        List<GapStratum>? ByAnchor()
        {
            if (pairs.Count < 4 * DependencyAnalyzer.MinSideRows)
                return null;
            var byAnchor = pairs.OrderBy(p => p.Anchor).ToList();
            var strata = new List<GapStratum>();
            var start = 0;
            for (var q = 1; q <= 4; q++)
            {
                var end = q == 4 ? byAnchor.Count : byAnchor.Count * q / 4;
                // a range ends where the anchor changes, so equal anchors never straddle two ranges
                while (q < 4 && end < byAnchor.Count && end > start && byAnchor[end].Anchor == byAnchor[end - 1].Anchor)
                    end++;
                if (end - start < DependencyAnalyzer.MinSideRows / 2 && q < 4)
                    continue;
                // a boundary is an anchor value: coarsened to its month like any date quantile (issue 9)
                var until = q == 4 || end >= byAnchor.Count ? null
                    : (k > 1 ? ValueProtection.Month(byAnchor[end].Anchor) : byAnchor[end].Anchor)
                        .ToString(ColumnAnalyzer.DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture);
                var stratum = byAnchor.Skip(start).Take(end - start).Select(p => p.Gap);
                strata.Add(new GapStratum { Until = until, GapSeconds = GapQuantiles(stratum, k) });
                start = end;
                if (until is null)
                    break;
            }

            return strata.Count > 1 ? strata : null;
        }
    }

    /// <summary>The 21 gap quantiles an ordering keeps, respecting k (<see cref="ValueProtection"/>).</summary>
    private static double[] GapQuantiles(IEnumerable<double> gaps, int k)
    {
        var all = gaps.ToArray();
        var q = ValueProtection.NumericQuantiles(all, 21, k);
        // always 21 points, as before: a short set repeats its range
        return q.Length == 21 || q.Length == 0 ? q : Quantiles.Compute(q, 21).Select(Quantiles.Tidy).ToArray();
    }

    /// <summary>Over the rows where both are dates: the share with a ≤ b and the sorted gaps b − a in seconds.</summary>
    private static (double Share, double[] Gaps)? Pair(IReadOnlyList<object?[]> sample, int a, int b)
    {
        var gaps = new List<double>();
        foreach (var row in sample)
        {
            if (row[a] is DateTime ta && row[b] is DateTime tb)
                gaps.Add((tb - ta).TotalSeconds);
        }

        if (gaps.Count == 0)
            return null;
        gaps.Sort();
        return ((double)gaps.Count(g => g >= 0) / gaps.Count, gaps.ToArray());
    }
}
