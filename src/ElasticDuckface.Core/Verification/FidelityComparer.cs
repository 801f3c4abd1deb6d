using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares a profile with the profile of a target database (measured by the same profiler) and the hard checks run
/// on the target, giving a <see cref="FidelityReport"/>. Pure: no database.
/// </summary>
/// <example>
/// <code>
/// var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 10 });
/// var report = FidelityComparer.Compare(profile, targetProfile, hardChecks, new VerifyOptions { Plan = plan });
/// </code>
/// </example>
public static class FidelityComparer
{
    /// <summary>The KS critical value factor at a 5% level: a distance below 1.36/√n is indistinguishable from sampling noise.</summary>
    public const double NoiseFactor = 1.36;

    /// <summary>The two-sided 5% critical value of a correlation near 0 is about 1.96/√n: smaller differences are sampling noise.</summary>
    public const double CorrelationNoiseFactor = 1.96;

    private const int Digits = 6;

    /// <summary>Compares <paramref name="profile"/> with <paramref name="target"/>.</summary>
    /// <param name="profile">The reference profile.</param>
    /// <param name="target">The target's profile, measured with the same settings.</param>
    /// <param name="hardChecks">The hard checks run on the target.</param>
    /// <param name="options">Plan, thresholds and strictness.</param>
    public static FidelityReport Compare(DatabaseProfile profile, DatabaseProfile target, IReadOnlyList<HardCheckResult> hardChecks, VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hardChecks);
        ArgumentNullException.ThrowIfNull(options);
        var targetTables = new Dictionary<string, TableProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in target.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            targetTables.TryAdd(t.Name, t);
        TableProfile? FindTarget(string name) =>
            target.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal)) ?? targetTables.GetValueOrDefault(name);

        var failedTables = hardChecks.Where(h => !h.Passed).Select(h => h.Table).ToHashSet(StringComparer.Ordinal);
        var tables = new List<TableFidelity>();
        foreach (var table in profile.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var t = FindTarget(table.Name);
            tables.Add(t is null
                ? new TableFidelity
                {
                    Name = table.Name,
                    ProfileRows = table.RowCount,
                    ExpectedRows = options.Plan?.Find(table.Name)?.TargetRows,
                    Score = 0,
                    Worst = "table missing",
                    HardCheckFailed = true,
                    ForeignKeys = [],
                    Columns = [],
                }
                : CompareTable(profile, table, t, FindTarget, options, failedTables.Contains(table.Name)));
        }

        var sortedChecks = hardChecks
            .OrderBy(h => h.Table, StringComparer.Ordinal).ThenBy(h => h.Kind).ThenBy(h => h.Subject, StringComparer.Ordinal)
            .ToList();
        var problems = new List<(int Rank, string Table, string Text)>();
        problems.AddRange(sortedChecks.Where(h => !h.Passed).Select(h => (0, h.Table, "FAILED " + h.Describe())));
        foreach (var t in tables)
        {
            foreach (var fk in t.ForeignKeys.Where(f => f.Status is MetricStatus.Warning or MetricStatus.Failed))
                problems.Add((fk.Status == MetricStatus.Failed ? 1 : 2, t.Name, $"{Label(fk.Status)} fan-out {t.Name}.{fk.Name} → {fk.ReferencedTable}: {fk.Note}"));
            foreach (var j in t.JointForeignKeys.Where(j => j.Status is MetricStatus.Warning or MetricStatus.Failed))
                problems.Add((j.Status == MetricStatus.Failed ? 1 : 2, t.Name, $"{Label(j.Status)} joint fan-out {t.Name}.({j.First.Name}, {j.Second.Name}): {j.Note}"));
            foreach (var c in t.Columns.Where(c => c.Status is MetricStatus.Warning or MetricStatus.Failed))
                problems.Add((c.Status == MetricStatus.Failed ? 1 : 2, t.Name, $"{Label(c.Status)} column {t.Name}.{c.Name}: {c.Note}"));
            foreach (var d in t.Dependencies.Where(d => d.Status is MetricStatus.Warning or MetricStatus.Failed))
                problems.Add((d.Status == MetricStatus.Failed ? 1 : 2, t.Name, $"{Label(d.Status)} dependency {t.Name} {d.Kind} {d.Subject}: {d.Note}"));
        }

        var hardFailed = sortedChecks.Count(h => !h.Passed);
        var metricFailed = problems.Any(p => p.Rank == 1);
        var warned = problems.Any(p => p.Rank == 2);
        return new FidelityReport
        {
            Verdict = hardFailed > 0 || metricFailed ? Verdict.Failed : warned ? Verdict.FaithfulWithWarnings : Verdict.Faithful,
            Strict = options.Strict,
            Scaled = options.Plan is not null,
            Scale = options.Plan?.Scale,
            Score = tables.Count == 0 ? 1 : tables.Min(t => t.Score),
            Thresholds = options.Thresholds,
            HardChecksPassed = sortedChecks.Count - hardFailed,
            HardChecksFailed = hardFailed,
            Problems = problems.OrderBy(p => p.Rank).ThenBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Text).ToList(),
            Tables = tables,
            HardChecks = sortedChecks,
            NotMeasured = NotMeasuredYet(profile, tables),
        };
    }

    /// <summary>
    /// What is not measured: column dependencies always; joint foreign keys only for the pairs that could not be compared
    /// (a profile written before <c>jointForeignKeys</c> existed, or a target without the pair's foreign keys).
    /// </summary>
    private static List<NotMeasured> NotMeasuredYet(DatabaseProfile profile, List<TableFidelity> tables)
    {
        var result = new List<NotMeasured>
        {
            new("otherDependencies", "Only row states (a nullable flag column such as deleted_at, the columns that depend on it, how a child's state follows its parent's) and orderings of date/time columns (updated_at ≥ created_at) are learned; other dependencies (several states per table, a child's other columns given its parent's) are not."),
        };
        var states = profile.Tables.Count(t => t.RowState is not null);
        var measuredStates = tables.Count(t => t.Dependencies.Count > 0);
        if (measuredStates < states)
        {
            result.Add(new("rowStates", string.Create(CultureInfo.InvariantCulture,
                $"{states - measuredStates} of {states} row states were not measured: the target lacks the table or the flag column.")));
        }
        var pairs = profile.Tables.Sum(t => (long)t.ForeignKeys.Count * (t.ForeignKeys.Count - 1) / 2);
        var compared = tables.Sum(t => t.JointForeignKeys.Count);
        if (compared < pairs)
        {
            result.Add(new("jointForeignKeys", string.Create(CultureInfo.InvariantCulture,
                $"{pairs - compared} of {pairs} pairs of foreign keys in one table were not compared: the profile has no jointForeignKeys for them (profile it again with this duckface) or the target lacks the foreign keys or the table.")));
        }

        return result;
    }

    private static string Label(MetricStatus status) => status == MetricStatus.Failed ? "FAILED" : "warning";

    private static TableFidelity CompareTable(DatabaseProfile profile, TableProfile table, TableProfile target, Func<string, TableProfile?> findTarget, VerifyOptions options, bool hardFailed)
    {
        var plan = options.Plan;
        var fks = new List<ForeignKeyFidelity>();
        foreach (var fk in table.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var tfk = target.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase)
                && string.Equals(f.ReferencedTable, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase));
            if (fk.Stats is null || tfk?.Stats is null)
                continue;
            var parent = profile.Tables.FirstOrDefault(t => t.Name == fk.ReferencedTable);
            var targetParent = findTarget(fk.ReferencedTable);
            var childFactor = Factor(plan, table.Name, table.RowCount, target.RowCount);
            var parentFactor = Factor(plan, fk.ReferencedTable, parent?.RowCount ?? 0, targetParent?.RowCount ?? 0);
            fks.Add(CompareFanOut(fk, fk.Stats, tfk.Stats, childFactor, parentFactor, options));
        }

        var joint = new List<JointForeignKeyFidelity>();
        foreach (var pair in table.JointForeignKeys)
        {
            if (FindPair(target, pair) is { } tp)
                joint.Add(CompareJoint(pair, tp, options));
        }

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

        var dependencies = table.RowState is { } state && target.RowState is { } targetState
            ? CompareRowState(state, targetState, table.SampledRows ?? table.RowCount, target.SampledRows ?? target.RowCount, options)
            : [];
        foreach (var ordering in table.Orderings)
        {
            var to = target.Orderings.FirstOrDefault(o => string.Equals(o.Column, ordering.Column, StringComparison.OrdinalIgnoreCase)
                && string.Equals(o.After, ordering.After, StringComparison.OrdinalIgnoreCase));
            if (to is null)
                continue;
            var subject = $"{ordering.Column} ≥ {ordering.After}";
            var rows = Math.Min(ordering.Rows, to.Rows);
            dependencies.Add(Dependency("ordering", subject, ordering.Share, to.Share, rows, options));
            dependencies.Add(Dependency("orderingGap", subject, 0, DistributionDistance.QuantileKs(ordering.GapSeconds, to.GapSeconds), rows, options, NoiseFactor));
        }

        var worst = 0.0;
        var worstWhat = "";
        foreach (var fk in fks)
        {
            Consider(fk.KsExcess, $"fan-out {fk.Name} (ks{(fk.KsFloor > 0 ? " over floor" : "")})");
            Consider(Math.Min(1, Math.Abs(fk.MeanRatio - 1)), $"fan-out {fk.Name} (mean)");
        }

        foreach (var j in joint)
            Consider(j.Difference, $"joint fan-out {j.First.Name} × {j.Second.Name} (correlation)");

        foreach (var d in dependencies)
            Consider(d.Difference, $"dependency {d.Kind} {d.Subject}");

        foreach (var c in columns.Where(c => c.Status != MetricStatus.NotCompared))
            Consider(c.Distance, $"column {c.Name} ({(c.Distance == c.NullFractionDifference && c.Distance > 0 ? "nulls" : c.Metric)})");

        return new TableFidelity
        {
            Name = table.Name,
            Present = true,
            ProfileRows = table.RowCount,
            TargetRows = target.RowCount,
            ExpectedRows = plan?.Find(table.Name)?.TargetRows,
            Score = Math.Round(1 - worst, Digits),
            Worst = worstWhat,
            HardCheckFailed = hardFailed,
            ForeignKeys = fks,
            JointForeignKeys = joint,
            Columns = columns,
            Dependencies = dependencies,
        };

        void Consider(double distance, string what)
        {
            if (distance > worst)
            {
                worst = distance;
                worstWhat = what;
            }
        }
    }

    /// <summary>
    /// A row state measured in the target (with the profile's flag and columns): the share of rows in the state, each
    /// conditioned column's association and its distribution on each side (or its copy share), and each parent's phi.
    /// </summary>
    /// <remarks>Every measure is as precise as the smaller of the two samples it compares, side by side: the noise
    /// allowance uses the fewer rows of the profile's and the target's (a ×10 target measures an association more
    /// sharply than the profile could).</remarks>
    private static List<DependencyFidelity> CompareRowState(RowStateProfile p, RowStateProfile t, long profileRows, long targetRows, VerifyOptions options)
    {
        var result = new List<DependencyFidelity>();
        long Side(long rows, double fraction) => Math.Max(1, (long)Math.Round(rows * fraction));
        var setRows = Math.Min(Side(profileRows, p.Fraction), Side(targetRows, t.Fraction));
        var unsetRows = Math.Min(Side(profileRows, 1 - p.Fraction), Side(targetRows, 1 - t.Fraction));
        result.Add(Dependency("stateFraction", p.Column, p.Fraction, t.Fraction, Math.Min(profileRows, targetRows), options));
        foreach (var column in p.Columns)
        {
            var tc = t.Columns.FirstOrDefault(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            if (tc is null)
                continue;
            result.Add(Dependency("association", $"{column.Name} | {p.Column}", column.Association, tc.Association, Math.Min(setRows, unsetRows), options));
            foreach (var (kind, ps, ts, rows) in new[] { ("whenSet", column.WhenSet, tc.WhenSet, setRows), ("whenUnset", column.WhenUnset, tc.WhenUnset, unsetRows) })
            {
                if (ps.Distribution is SameAsDistribution same)
                {
                    var share = ts.Distribution is SameAsDistribution ts2 ? ts2.Fraction : 0;
                    result.Add(Dependency("sameAs", $"{column.Name} = {same.Column} ({kind})", same.Fraction, share, rows, options));
                    continue;
                }

                var (_, distance, _) = Distance(ps.Distribution, ts.Distribution);
                var total = Math.Max(distance ?? 0, Math.Abs(ps.NullFraction - ts.NullFraction));
                result.Add(Dependency(kind, $"{column.Name} | {p.Column}", 0, total, rows, options, NoiseFactor));
            }
        }

        foreach (var parent in p.Parents)
        {
            var tp = t.Parents.FirstOrDefault(x => x.ForeignKey.Columns.SequenceEqual(parent.ForeignKey.Columns, StringComparer.OrdinalIgnoreCase));
            if (tp is not null)
                result.Add(Dependency("parent", $"{string.Join(", ", parent.ForeignKey.Columns)} ({parent.ForeignKey.Name})", parent.Correlation, tp.Correlation, Math.Min(parent.Rows, tp.Rows), options));
        }

        return result;
    }

    /// <summary>
    /// A difference against its threshold: the configured minimum, or the sampling noise factor/√rows when that is
    /// larger; over it is a warning, or a failure under <c>--strict</c>.
    /// </summary>
    private static (double Threshold, MetricStatus Status) Judge(double difference, double minimum, double noiseFactor, long rows, VerifyOptions options)
    {
        var threshold = Round(Math.Max(minimum, noiseFactor / Math.Sqrt(Math.Max(1, rows))));
        var status = difference <= threshold ? MetricStatus.Ok : options.Strict ? MetricStatus.Failed : MetricStatus.Warning;
        return (threshold, status);
    }

    private static DependencyFidelity Dependency(string kind, string subject, double profile, double target, long rows, VerifyOptions options, double noiseFactor = CorrelationNoiseFactor)
    {
        var difference = Round(Math.Abs(target - profile));
        var (threshold, status) = Judge(difference, options.Thresholds.MaxDependencyDifference, noiseFactor, rows, options);
        return new DependencyFidelity
        {
            Kind = kind,
            Subject = subject,
            Value = new(Round(profile), Round(target)),
            Difference = difference,
            Threshold = threshold,
            Status = status,
            Note = status != MetricStatus.Ok ? string.Create(CultureInfo.InvariantCulture, $"{target:0.000} vs {profile:0.000} (difference {difference:0.000} > {threshold:0.000})") : "",
        };
    }

    /// <summary>The factor a table was scaled by: the plan's (target rows / source rows), else the observed ratio.</summary>
    private static double Factor(GenerationPlan? plan, string table, long profileRows, long targetRows)
    {
        if (plan?.Find(table) is { } tp)
            return tp.SourceRows == 0 ? tp.Factor : (double)tp.TargetRows / tp.SourceRows;
        return profileRows == 0 ? 1 : (double)targetRows / profileRows;
    }

    private static ForeignKeyFidelity CompareFanOut(ForeignKeyProfile fk, FanOutStatistics p, FanOutStatistics t, double childFactor, double parentFactor, VerifyOptions options)
    {
        var th = options.Thresholds;
        var ratio = parentFactor > 0 ? childFactor / parentFactor : 1;
        var expectedMean = p.Mean * ratio;
        // the reference is the one the generator allocates against: the profile's histogram stretched to the target's own
        // mean (children / parents as measured), k → round(k·r); whether that mean is right is the mean check's job
        long targetParents = 0, targetChildren = 0;
        foreach (var b in t.Histogram)
        {
            targetParents += b.Parents;
            targetChildren += b.Children * b.Parents;
        }

        var reference = FanOutReference.For(p.Histogram, targetParents, targetChildren, options.Plan?.Growth ?? FanOutGrowth.Sample);
        var normalized = !reference.SequenceEqual(FanOutReference.Stretch(p.Histogram, 1));
        var ks = FanOutDistance.KolmogorovSmirnov(reference, t.Histogram);
        // the least KS any fan-outs of the target's parent and child counts can have: CDF steps of 1/parents against the reference's
        var floor = targetParents > 0 && reference.Length > 0 ? KsOptimalFanOut.Floor(reference, targetParents, targetChildren) : 0;
        var excess = Math.Max(0, ks - floor);
        double? tv = normalized ? null : Round(FanOutDistance.TotalVariation(p.Histogram, t.Histogram));
        var meanRatio = expectedMean > 0 ? t.Mean / expectedMean : t.Mean == 0 ? 1 : double.PositiveInfinity;
        if (double.IsInfinity(meanRatio))
            meanRatio = 1e9;
        var ksThreshold = th.MaxFanOutKs + (t.ParentRows > 0 ? 1.0 / t.ParentRows : 0);
        var notes = new List<string>();
        if (excess > ksThreshold)
            notes.Add(floor > 0
                ? string.Create(CultureInfo.InvariantCulture, $"KS {ks:0.000} − floor {floor:0.000} > {ksThreshold:0.000}")
                : string.Create(CultureInfo.InvariantCulture, $"KS {ks:0.000} > {ksThreshold:0.000}"));
        if (Math.Abs(meanRatio - 1) > th.MaxFanOutMeanError)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"mean {t.Mean:0.###} vs expected {expectedMean:0.###} (ratio {meanRatio:0.###})"));
        var status = notes.Count == 0 ? MetricStatus.Ok : options.Strict ? MetricStatus.Failed : MetricStatus.Warning;
        return new ForeignKeyFidelity
        {
            Name = fk.Name,
            Columns = fk.Columns,
            ReferencedTable = fk.ReferencedTable,
            ParentRows = new(p.ParentRows, t.ParentRows),
            ChildRows = new(p.ChildRows, t.ChildRows),
            Ks = Round(ks),
            KsFloor = Round(floor),
            KsExcess = Round(excess),
            TotalVariation = tv,
            Normalized = normalized,
            ExpectedMean = Round(expectedMean),
            Mean = new(p.Mean, t.Mean),
            MeanRatio = Round(meanRatio),
            P99 = new(p.P99, t.P99),
            Max = new(p.Max, t.Max),
            ZeroFraction = new(p.ZeroFraction, t.ZeroFraction),
            NullFraction = new(p.NullFraction, t.NullFraction),
            KsThreshold = Round(ksThreshold),
            Status = status,
            Note = string.Join("; ", notes),
        };
    }

    /// <summary>The target's measurement of the same pair of foreign keys (matched by columns, in either order).</summary>
    private static JointForeignKeyProfile? FindPair(TableProfile target, JointForeignKeyProfile pair)
    {
        static bool Same(ForeignKeyReference a, ForeignKeyReference b) => a.Columns.SequenceEqual(b.Columns, StringComparer.OrdinalIgnoreCase);
        return target.JointForeignKeys.FirstOrDefault(t => Same(t.First, pair.First) && Same(t.Second, pair.Second))
            ?? target.JointForeignKeys.FirstOrDefault(t => Same(t.First, pair.Second) && Same(t.Second, pair.First));
    }

    private static JointForeignKeyFidelity CompareJoint(JointForeignKeyProfile p, JointForeignKeyProfile t, VerifyOptions options)
    {
        var difference = Round(Math.Abs(t.FanOutCorrelation - p.FanOutCorrelation));
        // a correlation over n rows moves by about 1/√n by chance alone
        var (threshold, status) = Judge(difference, options.Thresholds.MaxJointCorrelationDiff, CorrelationNoiseFactor, Math.Min(p.Rows, t.Rows), options);
        var over = status != MetricStatus.Ok;
        return new JointForeignKeyFidelity
        {
            First = p.First,
            Second = p.Second,
            Rows = new(p.Rows, t.Rows),
            FanOutCorrelation = new(p.FanOutCorrelation, t.FanOutCorrelation),
            Difference = difference,
            Threshold = threshold,
            Status = status,
            Note = over
                ? string.Create(CultureInfo.InvariantCulture, $"fan-out correlation {t.FanOutCorrelation:0.000} vs {p.FanOutCorrelation:0.000} (difference {difference:0.000} > {threshold:0.000})")
                : "",
        };
    }

    private static ColumnFidelity CompareColumn(ColumnProfile column, ColumnStatistics p, ColumnStatistics t, long measuredRows, VerifyOptions options, bool reference, bool copy = false)
    {
        var kind = KindName(p.Distribution);
        var targetKind = KindName(t.Distribution);
        var (metric, distance, note) = reference
            ? ("none", (double?)null, "a foreign-key column: compared as fan-out")
            : copy
                ? ("none", (double?)null, "copies a key column in part of the rows: compared as a dependency")
                : Distance(p.Distribution, t.Distribution);
        var nullDiff = Round(Math.Abs(p.NullFraction - t.NullFraction));
        var nonNull = Math.Max(1, (long)Math.Round(measuredRows * (1 - t.NullFraction)));
        var threshold = Round(Math.Max(options.Thresholds.MaxColumnDistance, NoiseFactor / Math.Sqrt(nonNull)));
        var total = Math.Max(distance ?? 0, nullDiff);
        MetricStatus status;
        if (distance is null && nullDiff <= threshold)
        {
            status = MetricStatus.NotCompared;
        }
        else if (total > threshold)
        {
            status = options.Strict ? MetricStatus.Failed : MetricStatus.Warning;
            note = (distance ?? 0) >= nullDiff
                ? string.Create(CultureInfo.InvariantCulture, $"{metric} {distance:0.000} > {threshold:0.000}")
                : string.Create(CultureInfo.InvariantCulture, $"NULL fraction {t.NullFraction:0.000} vs {p.NullFraction:0.000} (difference {nullDiff:0.000} > {threshold:0.000})");
        }
        else
        {
            status = MetricStatus.Ok;
        }

        return new ColumnFidelity
        {
            Name = column.Name,
            Kind = kind,
            TargetKind = targetKind,
            Metric = metric,
            DistributionDistance = distance is null ? null : Round(distance.Value),
            NullFraction = new(p.NullFraction, t.NullFraction),
            NullFractionDifference = nullDiff,
            Distance = Round(total),
            Threshold = threshold,
            Status = status,
            Note = note,
        };
    }

    private static (string Metric, double? Distance, string Note) Distance(Distribution p, Distribution t) => (p, t) switch
    {
        (EmptyDistribution, EmptyDistribution) => ("none", 0, ""),
        (SequenceDistribution, _) => ("none", null, "a key sequence: checked for duplicates, not compared"),
        (NumericDistribution a, NumericDistribution b) => ("ks", DistributionDistance.QuantileKs(a.Quantiles, b.Quantiles), ""),
        (DateTimeDistribution a, DateTimeDistribution b) => ("ks", DistributionDistance.QuantileKs(DistributionDistance.DateTimeSeconds(a.Quantiles), DistributionDistance.DateTimeSeconds(b.Quantiles)), ""),
        (TextDistribution a, TextDistribution b) => ("lengthKs", DistributionDistance.QuantileKs(a.Lengths, b.Lengths), a.Shape == b.Shape ? "" : $"shape {b.Shape} vs {a.Shape}"),
        (BinaryDistribution a, BinaryDistribution b) => ("lengthKs", DistributionDistance.QuantileKs(a.Lengths, b.Lengths), ""),
        (CategoricalDistribution a, CategoricalDistribution b) => ("totalVariation", DistributionDistance.CategoricalTotalVariation(a, b), ""),
        (BooleanDistribution a, BooleanDistribution b) => ("totalVariation", Math.Abs(a.TrueFraction - b.TrueFraction), ""),
        // the target's values no longer repeat enough to be categorical (or now do): compare what both describe
        (CategoricalDistribution { Values.Count: 0, Other: { } other }, _) => Distance(other, t),
        (_, CategoricalDistribution { Values.Count: 0, Other: { } other }) => Distance(p, other),
        _ => CrossKind(p, t),
    };

    /// <summary>
    /// Different kinds on the two sides (e.g. the target's values collapsed to a few that the profiler calls categorical):
    /// compare as mixtures of values when both describe numbers, dates or text lengths.
    /// </summary>
    private static (string Metric, double? Distance, string Note) CrossKind(Distribution p, Distribution t)
    {
        var note = $"kinds differ ({KindName(t)} vs {KindName(p)})";
        if (Mixture(p, lengths: false) is { } mp && Mixture(t, lengths: false) is { } mt)
            return ("ks", DistributionDistance.MixtureKs(mp, mt), note);
        if (Mixture(p, lengths: true) is { } lp && Mixture(t, lengths: true) is { } lt)
            return ("lengthKs", DistributionDistance.MixtureKs(lp, lt), note);
        return ("none", null, note + ": not compared");
    }

    /// <summary>A distribution as weighted quantile parts: of its values (numbers, dates as seconds) or of its text lengths.</summary>
    internal static List<(double Weight, IReadOnlyList<double> Quantiles)>? Mixture(Distribution d, bool lengths)
    {
        switch (d)
        {
            case NumericDistribution n when !lengths:
                return [(1, n.Quantiles)];
            case DateTimeDistribution dt when !lengths:
                return [(1, DistributionDistance.DateTimeSeconds(dt.Quantiles))];
            case TextDistribution tx when lengths:
                return [(1, tx.Lengths)];
            case CategoricalDistribution c:
                var parts = new List<(double Weight, IReadOnlyList<double> Quantiles)>();
                foreach (var v in c.Values)
                {
                    double? x = lengths ? v.Value.Length : ParseValue(v.Value);
                    if (x is null)
                        return null;
                    parts.Add((v.Frequency, [x.Value]));
                }

                if (c.OtherFraction > 0)
                {
                    if (c.Other is null || Mixture(c.Other, lengths) is not { } other)
                        return null;
                    parts.AddRange(other.Select(o => (o.Weight * c.OtherFraction, o.Quantiles)));
                }

                return parts;
            default:
                return null;
        }
    }

    private static double? ParseValue(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return number;
        if (DateTime.TryParseExact(text, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.Ticks / (double)TimeSpan.TicksPerSecond;
        return null;
    }

    private static string KindName(Distribution d) => d switch
    {
        EmptyDistribution => "empty",
        SequenceDistribution => "sequence",
        NumericDistribution => "numeric",
        CategoricalDistribution => "categorical",
        TextDistribution => "text",
        DateTimeDistribution => "datetime",
        BooleanDistribution => "boolean",
        BinaryDistribution => "binary",
        SameAsDistribution => "sameAs",
        _ => "other",
    };

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, Digits) : value;
}
