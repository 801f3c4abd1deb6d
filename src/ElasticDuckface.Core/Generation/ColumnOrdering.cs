using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// A learned ordering (<see cref="ColumnOrderingProfile"/>): where the column and its anchor are both not NULL (the
/// column keeps its own NULLs, row state included), its value is the anchor's plus a gap drawn from the profiled gap
/// quantiles. The anchor is an earlier column, read through its own source, so orderings chain without cycles.
/// </summary>
internal static class ColumnOrdering
{
    /// <summary>Replaces the ordered column's source in <paramref name="sources"/>, when the ordering applies to the table.</summary>
    /// <param name="ordering">The profiled ordering.</param>
    /// <param name="generator">The table.</param>
    /// <param name="sources">The table's column sources; the anchor's is read at draw time, so a later ordering of it counts.</param>
    /// <param name="seed">The plan's seed.</param>
    public static void Apply(ColumnOrderingProfile ordering, TableGenerator generator, Func<long, object?>[] sources, long seed)
    {
        var b = generator.ColumnIndex(ordering.Column);
        var a = generator.ColumnIndex(ordering.After);
        if (a < 0 || b <= a || ordering.GapSeconds.Count == 0 || generator.Layout.Roles[b] != KeyLayout.ColumnRole.None)
            return;
        var info = generator.Columns[b];
        // dates stored as text (SQLite's return_date TEXT) are read and written in their profiled format
        var format = TextValueFormat.DateFormatOf(info.Column, generator.ConditionedColumn(info.Name));
        var anchorInfo = generator.Columns[a];
        var anchorFormat = TextValueFormat.DateFormatOf(anchorInfo.Column, generator.ConditionedColumn(anchorInfo.Name));
        if (format is null && info.Category is not (Schema.ColumnCategory.Date or Schema.ColumnCategory.DateTime))
            return;
        var own = sources[b];
        var gaps = ordering.GapSeconds.Order().ToArray();
        // with a row state, the gap of each side (an instance's lifetime until deletion differs from a live one's age)
        var gapsSet = generator.HasRowState && ordering.GapSecondsWhenSet is { Count: > 0 } gs ? gs.Order().ToArray() : gaps;
        var gapsUnset = generator.HasRowState && ordering.GapSecondsWhenUnset is { Count: > 0 } gu ? gu.Order().ToArray() : gaps;
        var stream = StableHash.Derive(seed, generator.Name, info.Name, "ordering");
        // without a row state that splits the gap, the gaps of the anchor's stratum (late anchors have had less time)
        var bySide = generator.HasRowState && ordering.GapSecondsWhenSet is { Count: > 0 }
            && ordering.GapSecondsWhenUnset is { Count: > 0 };
        var strata = !bySide && ordering.GapSecondsByAfter is { Count: > 1 } byAfter
            ? byAfter.Select(g => (Until: g.Until is { } u && ValueSampler.TryParseDate(u, out var t) ? t : DateTime.MaxValue,
                Gaps: g.GapSeconds.Order().ToArray())).ToArray()
            : null;
        var conditional = generator.ConditionedColumn(info.Name);
        var (earliest, latest) = Range(info.Column, conditional);
        // the column's fractions of a second on the anchored value too, never before the anchor (issue 12)
        var fractions = format is null && info.Fractions is { } f
            ? new SecondFractionDraw(f, (earliest ?? DateTime.MinValue).Ticks, (latest ?? DateTime.MaxValue).Ticks, stream)
            : null;
        // NULLs follow the anchor's, unless the row state already decides them (the flag itself, or a conditioned column)
        var isFlag = generator.HasRowState
            && string.Equals(generator.Table.RowState!.Column, info.Name, StringComparison.OrdinalIgnoreCase);
        var nullsFollowAnchor = info.Column.Nullable && !isFlag && conditional is null;
        sources[b] = row =>
        {
            object? value;
            var anchorValue = sources[a](row);
            if (nullsFollowAnchor)
            {
                var nullShare = anchorValue is null ? ordering.NullWhenAfterNull ?? 1 : ordering.NullWhenAfterSet;
                if (StableHash.Uniform(stream, row, 1) < nullShare)
                    return null;
                value = anchorValue is null ? own(row) : info.FromTicks(0);
            }
            else
            {
                value = own(row);
            }

            if (value is null || Instant(anchorValue, anchorFormat) is not { } anchor)
                return value;
            var side = strata is null ? generator.Flag(row) ? gapsSet : gapsUnset : Stratum(strata, anchor);
            var u = StableHash.Uniform(stream, row, 0);
            // within the column's profiled range (issue 14: gaps on top of anchors walked years out of it): the gap is
            // drawn from its distribution truncated to [earliest − anchor, latest − anchor], the conditional quantile
            // given the anchor (inverse CDF of u rescaled between the CDF at both limits)
            var (below, upTo) = (earliest is { } e ? ValueSampler.Cdf(side, (e - anchor).TotalSeconds - 1e-9) : 0,
                latest is { } l && l > anchor ? ValueSampler.Cdf(side, (l - anchor).TotalSeconds) : 1);
            if (upTo > below)
                u = below + u * (upTo - below);
            var ticks = anchor.Ticks + (long)Math.Round(ValueSampler.InverseCdf(side, u) * TimeSpan.TicksPerSecond);
            // and never out of it, even where no gap fits (an anchor past the column's latest): the range wins
            if (latest is { } hi && ticks > hi.Ticks)
                ticks = hi.Ticks;
            if (earliest is { } lo && ticks < lo.Ticks)
                ticks = lo.Ticks;
            if (format is null)
            {
                var whole = info.FromTicks(ticks);
                return fractions?.Apply(whole, row) is DateTime t && t >= anchor ? t : whole;
            }
            // a format without a time of day writes the day: up to the next one where the range's first end is past
            // midnight (a coarsened first quantile), so the written day stays within the range
            if (!format.Contains('H', StringComparison.Ordinal))
            {
                ticks -= ticks % TimeSpan.TicksPerDay;
                if (earliest is { } first && ticks < first.Ticks && (latest is not { } last || ticks + TimeSpan.TicksPerDay <= last.Ticks))
                    ticks += TimeSpan.TicksPerDay;
            }

            return info.Cut(TextValueFormat.Format(new DateTime(ticks, DateTimeKind.Unspecified), format));
        };
    }

    /// <summary>An anchor's instant: a date/time value, or a text date in its profiled format.</summary>
    private static DateTime? Instant(object? value, string? format) => value switch
    {
        DateTime t => t,
        string text when format is not null && TextValueFormat.TryParseInstant(text, format, out var t) => t,
        _ => null,
    };

    private static double[] Stratum((DateTime Until, double[] Gaps)[] strata, DateTime anchor)
    {
        foreach (var (until, gaps) in strata)
        {
            if (anchor < until)
                return gaps;
        }

        return strata[^1].Gaps;
    }

    /// <summary>
    /// The earliest and latest values a date/time column's profile allows (over its distributions: first and last
    /// quantiles, kept values), or null where it says nothing.
    /// </summary>
    private static (DateTime? Earliest, DateTime? Latest) Range(ColumnProfile column, ConditionalColumnProfile? conditional)
    {
        DateTime? earliest = null, latest = null;
        void Add(string text)
        {
            if (!ValueSampler.TryParseDate(text, out var t))
                return;
            earliest = earliest is null || t < earliest ? t : earliest;
            latest = latest is null || t > latest ? t : latest;
        }

        void Visit(Distribution? d)
        {
            switch (d)
            {
                case DateTimeDistribution { Quantiles.Count: > 0 } dt:
                    Add(dt.Quantiles[0]);
                    Add(dt.Quantiles[^1]);
                    break;
                case CategoricalDistribution c:
                    foreach (var v in c.Values)
                        Add(v.Value);
                    Visit(c.Other);
                    break;
            }
        }

        Visit(column.Stats?.Distribution);
        Visit(conditional?.WhenSet.Distribution);
        Visit(conditional?.WhenUnset.Distribution);
        return (earliest, latest);
    }
}
