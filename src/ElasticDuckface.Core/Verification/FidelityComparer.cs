using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares a profile with the profile of a target database (measured by the same profiler) and the hard checks run
/// on the target, giving a <see cref="FidelityReport"/>. Pure: no database.
/// </summary>
/// <remarks>
/// It matches the tables and assembles the report; each metric family has its own comparer (fan-outs, joint foreign
/// keys, columns, dependencies), <see cref="ProblemCollector"/> lists the problems and <see cref="FidelityJudge"/>
/// decides the scores and the verdict.
/// </remarks>
/// <example>
/// <code>
/// var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 10 });
/// var report = FidelityComparer.Compare(profile, targetProfile, hardChecks, new VerifyOptions { Plan = plan });
/// </code>
/// </example>
public static class FidelityComparer
{
    /// <summary>Compares <paramref name="profile"/> with <paramref name="target"/>.</summary>
    /// <param name="profile">The reference profile.</param>
    /// <param name="target">The target's profile, measured with the same settings.</param>
    /// <param name="hardChecks">The hard checks run on the target.</param>
    /// <param name="options">Plan, thresholds and strictness.</param>
    public static FidelityReport Compare(DatabaseProfile profile, DatabaseProfile target, IReadOnlyList<HardCheckResult> hardChecks,
        VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hardChecks);
        ArgumentNullException.ThrowIfNull(options);
        var targetTables = new Dictionary<string, TableProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in target.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            targetTables.TryAdd(t.Name, t);
        TableProfile? FindTarget(string name) =>
            target.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
                ?? targetTables.GetValueOrDefault(name);

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
        var problems = ProblemCollector.Collect(sortedChecks, tables, options.Thresholds);
        var hardFailed = sortedChecks.Count(h => !h.Passed);
        return new FidelityReport
        {
            Verdict = FidelityJudge.Decide(problems),
            Strict = options.Strict,
            Scaled = options.Plan is not null,
            Scale = options.Plan?.Scale,
            Score = FidelityJudge.ScoreDatabase(tables),
            Thresholds = options.Thresholds,
            HardChecksPassed = sortedChecks.Count - hardFailed,
            HardChecksFailed = hardFailed,
            Problems = problems,
            Tables = tables,
            HardChecks = sortedChecks,
            NotMeasured = NotMeasuredYet.For(profile, tables),
        };
    }

    private static TableFidelity CompareTable(
        DatabaseProfile profile, TableProfile table, TableProfile target, Func<string, TableProfile?> findTarget, VerifyOptions options,
        bool hardFailed)
    {
        var fks = FanOutComparer.Compare(profile, table, target, findTarget, options);
        var parentStates = ParentStateFanOutComparer.Compare(table, target, options);
        var joint = JointForeignKeyComparer.Compare(table, target, options);
        var busy = ChildFanOutCorrelationComparer.Compare(table, target, options);
        var columns = ColumnComparer.Compare(table, target, options);
        var dependencies = DependencyComparer.Compare(table, target, options);
        var (score, worst) = FidelityJudge.ScoreTable(fks, parentStates, joint, dependencies, columns, busy);
        return new TableFidelity
        {
            Name = table.Name,
            Present = true,
            ProfileRows = table.RowCount,
            TargetRows = target.RowCount,
            ExpectedRows = options.Plan?.Find(table.Name)?.TargetRows,
            Score = score,
            Worst = worst,
            HardCheckFailed = hardFailed,
            ForeignKeys = fks,
            ParentStateFanOuts = parentStates,
            JointForeignKeys = joint,
            ChildFanOutCorrelations = busy,
            Columns = columns,
            Dependencies = dependencies,
        };
    }
}
