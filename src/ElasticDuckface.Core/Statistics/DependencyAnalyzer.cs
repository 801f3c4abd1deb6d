using ElasticDuckface.Profiles;

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
        decimal m => (double)m,
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

    internal static int IndexOf(TableProfile table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return -1;
    }
}
