using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// <c>profile --epsilon E [--delta D]</c> (issue 9, ADR 0008): a pass over a finished profile that adds calibrated noise to
/// every count, histogram bin and frequency it holds and post-processes the result into a consistent profile.
/// </summary>
/// <remarks>
/// <para>Neighbouring databases differ by one row of one table (added or removed; a parent row only when it has no
/// children, as foreign keys require). Every statistic is a vector of counts with a stated sensitivity
/// (<see cref="Sensitivity"/>): a table's row count (1), a column as one histogram of NULL, kept values and bins plus its
/// distinct count (2), a fan-out as counts of parents with at least k children (a child row moves one parent one bin and so
/// changes one of them: 1), a joint key's rows and correlation
/// (1 + 2), a row state's contingencies and conditional columns, an ordering's shares and gap bins (5).</para>
/// <para>Budget: one row of table T can change m_T statistics (T's own plus the fan-outs of the foreign keys into T); each
/// statistic gets ε / m and δ / m with m the largest m_T of the tables it describes, so by basic composition no row of any
/// table is charged more than (ε, δ). Everything is then post-processing: counts clamped at 0 and rounded, fractions
/// renormalised, quantiles read back monotone, fan-out bins made to hold exactly the parent and child rows.</para>
/// </remarks>
public static class DifferentialPrivacy
{
    /// <summary>Noises <paramref name="profile"/>; the same profile and seed give the same result.</summary>
    public static DatabaseProfile Apply(DatabaseProfile profile, DifferentialPrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        if (profile.Settings.HideSizes || profile.Settings.DifferentialPrivacy is not null)
            throw new ArgumentException("differential privacy goes on a profile with visible sizes, once", nameof(options));
        var budget = new Budget(profile, options);
        var rows = profile.Tables.ToDictionary(t => t.Name, t => NoisyRows(t, budget), StringComparer.Ordinal);
        UniqueReferences(profile, rows);
        return profile with
        {
            Settings = profile.Settings with
            {
                DifferentialPrivacy = new DifferentialPrivacySettings
                {
                    Epsilon = options.Epsilon, Delta = options.Delta,
                    Mechanism = options.Delta is null ? NoiseMechanism.Laplace : NoiseMechanism.Gaussian,
                    Split = DifferentialPrivacySettings.PerRowStatistics,
                },
            },
            Tables = [.. profile.Tables.Select(t => Table(t, rows, budget))],
        };
    }

    private static long NoisyRows(TableProfile t, Budget budget) =>
        t.RowCount == 0 ? 0 : Math.Max(1, (long)Math.Round(budget.Noise(t.Name, Sensitivity.Count, "rows").Count(t.RowCount)));

    /// <summary>A child whose NOT NULL reference is unique has at most as many rows as its parent (post-processing).</summary>
    private static void UniqueReferences(DatabaseProfile profile, Dictionary<string, long> rows)
    {
        for (var pass = 0; pass < profile.Tables.Count; pass++)
        {
            var changed = false;
            foreach (var t in profile.Tables)
            {
                foreach (var f in t.ForeignKeys.Where(f => f.Stats is not null && Unique(t, f) && !Nullable(t, f)))
                {
                    if (rows.TryGetValue(f.ReferencedTable, out var parents) && rows[t.Name] > parents)
                        (rows[t.Name], changed) = (parents, true);
                }
            }

            if (!changed)
                return;
        }
    }

    private static TableProfile Table(TableProfile t, Dictionary<string, long> rows, Budget budget)
    {
        var noisyRows = rows[t.Name];
        var measured = (double)(t.SampledRows ?? t.RowCount);
        var columns = t.Columns.Select(c => c.Stats is not { } s ? c : c with
        {
            // a dense key's range and distinct count are the row count: both follow the noisy one (post-processing)
            Stats = s.Distribution is SequenceDistribution seq && t.RowCount > 0
                ? s with
                {
                    DistinctCount = (long)Math.Round(noisyRows * (1 - s.NullFraction)),
                    Distribution = seq with { Max = seq.Min + (long)Math.Round((seq.Max - seq.Min + 1.0) * noisyRows / t.RowCount) - 1 },
                }
                : NoisyDistributions.Column(s, measured, c.Nullable, noisyRows,
                    budget.Noise(t.Name, NoisyDistributions.ColumnSensitivity(s), "column", c.Name)),
        }).ToList();
        return t with
        {
            RowCount = noisyRows,
            SampledRows = t.SampledRows is { } sampled ? Math.Min(sampled, noisyRows) : null,
            Columns = columns,
            ForeignKeys = [.. t.ForeignKeys.Select(f => f.Stats is not { } s ? f : f with
            {
                Stats = NoisyFanOut.Apply(s, t.RowCount, rows.GetValueOrDefault(f.ReferencedTable), noisyRows, Nullable(t, f), Unique(t, f),
                    budget.Noise([t.Name, f.ReferencedTable], Sensitivity.Count, "fk", f.Name)),
            })],
            JointForeignKeys = [.. t.JointForeignKeys.Select(j =>
            {
                var noise = budget.Noise(t.Name, Sensitivity.Count + Sensitivity.Range(2), "joint", j.First.Name, j.Second.Name);
                var rowsWithNoise = (long)Math.Round(noise.Count(j.Rows));
                var halfWidth = Quantiles.Tidy(noise.HalfWidth95);
                // noise wider than half the range [−1, 1] cannot even tell the sign: the clamped draw would be ±1 by chance,
                // which the generator would then build (a strong correlation the source does not have). 0 says nothing,
                // the recorded noise says why; deciding on the noise scale alone (not the data) keeps it post-processing
                return j with
                {
                    Rows = rowsWithNoise,
                    FanOutCorrelation = halfWidth >= 1 ? 0 : Quantiles.Tidy(noise.Bounded(j.FanOutCorrelation, -1, 1)),
                    FanOutCorrelationNoise = halfWidth,
                };
            })],
            // dropped, not noised: the profiler chose these pairs on their exact ρ (the meaningful ones), so noising the
            // survivors would still tell which keys correlate; their keys are shuffled as in a profile without them
            ChildFanOutCorrelations = [],
            RowState = t.RowState is { } state ? NoisyRowState.Apply(state, t, columns, measured, noisyRows, budget) : null,
            Orderings = [.. t.Orderings.Select(o => NoisyRowState.Ordering(o, t, measured, budget))],
        };
    }

    internal static bool Nullable(TableProfile t, ForeignKeyProfile f) => f.Columns.Any(c => t.FindColumn(c)?.Nullable != false);

    /// <summary>Whether the schema makes the reference unique (a primary or unique key within its columns): fan-out 0 or 1.</summary>
    private static bool Unique(TableProfile t, ForeignKeyProfile f) =>
        new[] { t.PrimaryKey }.Concat(t.UniqueKeys).Any(k => k is not null && k.PrefixLengths is null
            && k.Columns.All(c => f.Columns.Contains(c, StringComparer.Ordinal)));

    /// <summary>The split of ε and δ: per statistic, ε / m with m the most statistics one row of its tables can change.</summary>
    internal sealed class Budget
    {
        private readonly DifferentialPrivacyOptions _options;
        private readonly Dictionary<string, int> _statistics = new(StringComparer.Ordinal);

        public Budget(DatabaseProfile profile, DifferentialPrivacyOptions options)
        {
            _options = options;
            foreach (var t in profile.Tables)
            {
                var own = 1 + t.Columns.Count(c => c.Stats is not null) + t.ForeignKeys.Count(f => f.Stats is not null)
                    + t.JointForeignKeys.Count + (t.RowState is null ? 0 : 1) + t.Orderings.Count;
                _statistics[t.Name] = _statistics.GetValueOrDefault(t.Name) + own;
                foreach (var f in t.ForeignKeys.Where(f => f.Stats is not null))
                    _statistics[f.ReferencedTable] = _statistics.GetValueOrDefault(f.ReferencedTable) + 1;
            }
        }

        /// <summary>The most statistics one row of <paramref name="table"/> can change.</summary>
        public int Statistics(string table) => Math.Max(1, _statistics.GetValueOrDefault(table));

        public StatisticNoise Noise(string table, Sensitivity sensitivity, params ReadOnlySpan<string> statistic) =>
            Noise([table], sensitivity, statistic);

        public StatisticNoise Noise(IReadOnlyList<string> tables, Sensitivity sensitivity, params ReadOnlySpan<string> statistic)
        {
            var m = tables.Max(Statistics);
            var path = new List<string> { "dp", tables[0] };
            foreach (var s in statistic)
                path.Add(s);
            var stream = StableHash.Derive(_options.Seed, [.. path]);
            return new StatisticNoise(stream, sensitivity, _options.Epsilon / m, _options.Delta / m);
        }
    }
}
