using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Learns a table's row state (<see cref="RowStateProfile"/>) from the profiler's sample: the nullable column whose
/// NULL/NOT NULL split the other columns depend on most, and those columns' distributions on each side.
/// </summary>
/// <remarks>
/// <para>Each value is reduced to a signature: NULL; "equal to key column K of the same row" (K a primary or unique key
/// column, which catches <c>deleted = id</c>); the value itself when the column has at most
/// <see cref="MaxExactSignatures"/> distinct values in the sample; else its decile among the column's sampled values.
/// A column's association with a candidate flag is the total variation distance between its signature distribution
/// on the two sides. A candidate needs <see cref="MinSideRows"/> sampled rows on each side; the one with the largest
/// total of associations ≥ <see cref="ProfileSettings.DependencyThreshold"/> wins (ties: the earlier column).</para>
/// <para>Primary key and foreign key columns are neither flags nor conditioned: their values come from keys and
/// fan-outs, not from distributions.</para>
/// </remarks>
public static class DependencyAnalyzer
{
    /// <summary>Sampled rows needed on each side of a flag before its dependencies are trusted.</summary>
    public const int MinSideRows = 20;

    /// <summary>A column with at most this many distinct sampled values is compared value by value.</summary>
    public const int MaxExactSignatures = 20;

    /// <summary>The share of non-null values that must equal another column for a <see cref="SameAsDistribution"/>.</summary>
    public const double SameAsShare = 0.99;

    /// <summary>Learns the row state of a table, or returns null when no column qualifies.</summary>
    /// <param name="table">The table's schema and column statistics (the flag's own distribution is its column's).</param>
    /// <param name="sample">The sampled rows, values normalised as for <see cref="ColumnAnalyzer"/>.</param>
    /// <param name="tableRows">Rows in the whole table.</param>
    /// <param name="settings">Thresholds.</param>
    public static RowStateProfile? Learn(TableProfile table, IReadOnlyList<object?[]> sample, long tableRows, ProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DependencyThreshold <= 0 || sample.Count < 2 * MinSideRows)
            return null;
        var eligible = Eligible(table);
        var keys = KeyColumns(table);
        var signatures = Signatures(table, sample, eligible, keys);
        var conditionedAt = settings.DependencyThreshold / 2;

        int best = -1;
        double bestScore = 0;
        foreach (var s in eligible)
        {
            if (!table.Columns[s].Nullable)
                continue;
            var isSet = IsSet(sample, s);
            var set = isSet.Count(x => x);
            if (set < MinSideRows || sample.Count - set < MinSideRows)
                continue;
            double score = 0;
            foreach (var c in eligible)
            {
                if (c == s)
                    continue;
                var a = Association(isSet, signatures[c]!, keys);
                if (a >= settings.DependencyThreshold)
                    score += a;
            }

            if (score > bestScore)
            {
                (best, bestScore) = (s, score);
            }
        }

        if (best < 0)
            return null;
        var columns = new List<int>();
        var bestSet = IsSet(sample, best);
        foreach (var c in eligible)
        {
            if (c != best && Association(bestSet, signatures[c]!, keys) >= conditionedAt)
                columns.Add(c);
        }

        return Describe(table, sample, tableRows, settings, best, columns, signatures, keys, reference: null);
    }

    /// <summary>
    /// Measures the row state a reference profile learned (same flag and columns) on another database's sample, for
    /// verify. Returns null when the table lacks the flag column.
    /// </summary>
    public static RowStateProfile? Measure(TableProfile table, IReadOnlyList<object?[]> sample, long tableRows, ProfileSettings settings,
        RowStateProfile reference)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reference);
        var flag = IndexOf(table, reference.Column);
        if (flag < 0)
            return null;
        var columns = reference.Columns.Select(c => IndexOf(table, c.Name)).Where(i => i >= 0 && i != flag).ToList();
        var keys = KeyColumns(table);
        var signatures = Signatures(table, sample, columns, keys);
        return Describe(table, sample, tableRows, settings, flag, columns, signatures, keys, reference);
    }

    internal static RowStateProfile Describe(TableProfile table, IReadOnlyList<object?[]> sample, long tableRows, ProfileSettings settings,
        int flag,
        List<int> columns, int[]?[] signatures, int[] keys, RowStateProfile? reference)
    {
        var flagSet = IsSet(sample, flag);
        var setRows = sample.Where(r => r[flag] is not null).ToList();
        var unsetRows = sample.Where(r => r[flag] is null).ToList();
        var fraction = sample.Count == 0 ? 0 : (double)setRows.Count / sample.Count;
        var setTableRows = (long)Math.Round(tableRows * fraction);
        var result = new List<ConditionalColumnProfile>();
        foreach (var c in columns)
        {
            var column = table.Columns[c];
            var referenceColumn = reference?.Columns
                .FirstOrDefault(x => string.Equals(x.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            result.Add(new ConditionalColumnProfile
            {
                Name = column.Name,
                Association = Quantiles.Tidy(Association(flagSet, signatures[c]!, keys)),
                WhenSet = Side(table, column, c, setRows, setTableRows, settings, keys, referenceColumn?.WhenSet),
                WhenUnset = Side(table, column, c, unsetRows, tableRows - setTableRows, settings, keys, referenceColumn?.WhenUnset),
            });
        }

        return new RowStateProfile { Column = table.Columns[flag].Name, Fraction = Quantiles.Tidy(fraction), Columns = result };
    }

    private static ColumnStatistics Side(TableProfile table, ColumnProfile column, int c, List<object?[]> rows, long sideTableRows,
        ProfileSettings settings,
        int[] keys, ColumnStatistics? reference)
    {
        var stats = ColumnAnalyzer.Analyze(column, rows.Select(r => r[c]).ToList(), Math.Max(sideTableRows, rows.Count), settings);
        var nonNull = rows.Where(r => r[c] is not null).ToList();
        if (nonNull.Count == 0)
            return stats;
        if (reference?.Distribution is SameAsDistribution same)
        {
            var k = IndexOf(table, same.Column);
            var share = k < 0 ? 0 : (double)nonNull.Count(r => Same(r[c], r[k])) / nonNull.Count;
            return stats with { Distribution = new SameAsDistribution(same.Column, Quantiles.Tidy(share)) };
        }

        if (reference is not null || nonNull.Count < MinSideRows / 2)
            return stats;
        foreach (var k in keys)
        {
            if (k == c)
                continue;
            var share = (double)nonNull.Count(r => Same(r[c], r[k])) / nonNull.Count;
            if (share >= SameAsShare)
                return stats with { Distribution = new SameAsDistribution(table.Columns[k].Name, Quantiles.Tidy(share)) };
        }

        return stats;
    }

    /// <summary>
    /// Learns the orderings between date/time columns (see <see cref="ColumnOrderingProfile"/>), or measures the
    /// <paramref name="reference"/> ones (for verify: share and gaps of the same pairs, whatever they are).
    /// </summary>
    /// <param name="table">The table, with its <see cref="TableProfile.RowState"/> when it has one (gaps are then also
    /// measured per side).</param>
    /// <param name="sample">The sampled rows.</param>
    /// <param name="settings">Thresholds (<see cref="ProfileSettings.DependencyThreshold"/> 0 turns learning off).</param>
    /// <param name="reference">The orderings to measure instead of learning, or null.</param>
    public static IReadOnlyList<ColumnOrderingProfile> Orderings(TableProfile table, IReadOnlyList<object?[]> sample,
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
                var (b, a) = (IndexOf(table, r.Column), IndexOf(table, r.After));
                if (a >= 0 && b >= 0 && Pair(sample, a, b) is { } measured)
                    result.Add(Ordering(table, sample, a, b, measured.Share, measured.Gaps, settings.QuantileMinCount));
            }

            return result;
        }

        if (settings.DependencyThreshold <= 0)
            return result;
        var eligible = Eligible(table).Where(i => table.Columns[i].Category is ColumnCategory.Date or ColumnCategory.DateTime
            || TextValueFormat.DateFormatOf(table.Columns[i]) is not null).ToList();
        foreach (var b in eligible)
        {
            (int A, double Share, double[] Gaps)? best = null;
            foreach (var a in eligible.Where(a => a < b))
            {
                if (Pair(sample, a, b) is not { } p || p.Gaps.Length < MinSideRows || p.Share < 0.99)
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
        var flag = table.RowState is { } rowState ? IndexOf(table, rowState.Column) : -1;
        var pairs = sample.Where(r => r[a] is DateTime && r[b] is DateTime)
            .Select(r => (Anchor: (DateTime)r[a]!, Gap: ((DateTime)r[b]! - (DateTime)r[a]!).TotalSeconds,
                Set: flag >= 0 && r[flag] is not null))
            .ToList();

        double[]? Side(bool set)
        {
            if (flag < 0)
                return null;
            var side = pairs.Where(p => p.Set == set).Select(p => p.Gap).ToList();
            return side.Count < MinSideRows ? null : GapQuantiles(side, k);
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
            if (pairs.Count < 4 * MinSideRows)
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
                if (end - start < MinSideRows / 2 && q < 4)
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

    /// <summary>Total variation distance between a column's signature distributions with the flag set and unset,
    /// less the chance level (see the class remarks).</summary>
    /// <param name="isSet">Per sampled row, whether the flag column is NOT NULL.</param>
    /// <param name="signature">Per sampled row, the column's signature code (dense, from 0).</param>
    /// <param name="keys">The key columns the signatures were built with (their count fixes the codes' range).</param>
    private static double Association(bool[] isSet, int[] signature, int[] keys)
    {
        // codes: key equalities 0..K−1, NULL K, then at most MaxExactSignatures + 1 values or 10 deciles
        var width = keys.Length + MaxExactSignatures + 2;
        Span<int> set = width <= 256 ? stackalloc int[width] : new int[width];
        Span<int> unset = width <= 256 ? stackalloc int[width] : new int[width];
        set.Clear();
        unset.Clear();
        int nSet = 0, nUnset = 0;
        for (var r = 0; r < signature.Length; r++)
        {
            if (isSet[r])
            {
                set[signature[r]]++;
                nSet++;
            }
            else
            {
                unset[signature[r]]++;
                nUnset++;
            }
        }

        if (nSet == 0 || nUnset == 0)
            return 0;
        double tv = 0;
        double noise = 0;
        var spread = 2 / Math.PI * (1.0 / nSet + 1.0 / nUnset);
        for (var k = 0; k < width; k++)
        {
            var a = set[k];
            var b = unset[k];
            if (a == 0 && b == 0)
                continue;
            tv += Math.Abs((double)a / nSet - (double)b / nUnset);
            var pooled = (double)(a + b) / (nSet + nUnset);
            noise += Math.Sqrt(pooled * (1 - pooled) * spread);
        }

        // what independent columns would show on samples of these sizes: E|p̂₁ − p̂₂| ≈ √(2p(1−p)/π · (1/n₁ + 1/n₂))
        return Math.Max(0, (tv - noise) / 2);
    }

    private static bool[] IsSet(IReadOnlyList<object?[]> sample, int flag) => sample.Select(r => r[flag] is not null).ToArray();

    /// <summary>Per eligible column, each sampled row's signature code (see the class remarks).</summary>
    internal static int[]?[] Signatures(TableProfile table, IReadOnlyList<object?[]> sample, List<int> columns, int[] keys)
    {
        var result = new int[]?[table.Columns.Count];
        foreach (var c in columns)
        {
            var codes = new int[sample.Count];
            var nonNull = sample.Select(r => r[c]).Where(v => v is not null).Select(v => v!).ToList();
            var exact = nonNull.Select(ColumnAnalyzer.Key).Distinct(StringComparer.Ordinal).Take(MaxExactSignatures + 1).Count()
                <= MaxExactSignatures;
            var exactCodes = new Dictionary<string, int>(StringComparer.Ordinal);
            var sorted = exact ? [] : nonNull.Select(SortKey).Order().ToArray();
            var deciles = sorted.Length == 0
                ? []
                : Enumerable.Range(1, 9).Select(i => sorted[(int)((long)i * (sorted.Length - 1) / 10)]).ToArray();
            for (var r = 0; r < sample.Count; r++)
            {
                var v = sample[r][c];
                if (v is null)
                {
                    codes[r] = keys.Length;
                    continue;
                }

                var equalKey = Array.FindIndex(keys, k => k != c && Same(v, sample[r][k]));
                if (equalKey >= 0)
                {
                    codes[r] = equalKey;
                    continue;
                }

                if (exact)
                {
                    var key = ColumnAnalyzer.Key(v);
                    if (!exactCodes.TryGetValue(key, out var code))
                        exactCodes[key] = code = exactCodes.Count;
                    codes[r] = keys.Length + 1 + code;
                }
                else
                {
                    var i = Array.BinarySearch(deciles, SortKey(v));
                    codes[r] = keys.Length + 1 + (i < 0 ? ~i : i);
                }
            }

            result[c] = codes;
        }

        return result;
    }

    /// <summary>A number that orders a normalised value: numbers and datetimes by value, text and bytes by length.</summary>
    private static double SortKey(object v) => v switch
    {
        double d => d,
        DateTime t => t.Ticks,
        bool b => b ? 1 : 0,
        string s => s.Length,
        byte[] bytes => bytes.Length,
        _ => 0,
    };

    internal static bool Same(object? a, object? b) => a is not null && b is not null && a.Equals(b);

    /// <summary>Columns that can be flags or conditioned: not in the primary key, not in a foreign key.</summary>
    internal static List<int> Eligible(TableProfile table)
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in table.PrimaryKey?.Columns ?? [])
            excluded.Add(c);
        foreach (var fk in table.ForeignKeys)
            excluded.UnionWith(fk.Columns);
        foreach (var u in table.UniqueKeys.Where(u => u.Columns.Count == 1))
            excluded.Add(u.Columns[0]);

        // the column that carries a composite key's uniqueness is generated as a bijection, not from a distribution
        foreach (var key in table.UniqueKeys.Where(u => u.Columns.Count > 1 && !u.Columns.Any(excluded.Contains)))
        {
            var free = key.Columns.Select(c => IndexOf(table, c)).Where(i => i >= 0).ToList();
            if (free.Count == key.Columns.Count)
                excluded.Add(table.Columns[Generation.SchemaFacts.KeyCarrier(table, free)].Name);
        }

        return Enumerable.Range(0, table.Columns.Count).Where(i => !excluded.Contains(table.Columns[i].Name)).ToList();
    }

    /// <summary>Single-column primary and unique key columns: the columns a value may be a copy of.</summary>
    internal static int[] KeyColumns(TableProfile table)
    {
        var keys = new List<int>();
        if (table.PrimaryKey is { Columns.Count: 1 } pk)
            keys.Add(IndexOf(table, pk.Columns[0]));
        foreach (var u in table.UniqueKeys.Where(u => u.Columns.Count == 1))
            keys.Add(IndexOf(table, u.Columns[0]));
        return keys.Where(k => k >= 0).Distinct().ToArray();
    }

    private static int IndexOf(TableProfile table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return -1;
    }
}
