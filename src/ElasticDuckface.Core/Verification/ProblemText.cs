using System.Globalization;

namespace ElasticDuckface.Verification;

/// <summary>
/// The human text of problems: the note of a metric over its threshold, and the line of each <see cref="FidelityProblem"/>
/// (<c>FAILED …</c> or <c>warning …</c>), as <c>duckface verify</c> prints it and the JSON holds it.
/// </summary>
internal static class ProblemText
{
    /// <summary>The line of a failed hard check.</summary>
    public static string HardCheck(HardCheckResult check) => "FAILED " + check.Describe();

    /// <summary>The line of a foreign key whose fan-out is over its thresholds.</summary>
    public static string FanOut(string table, ForeignKeyFidelity fk) =>
        $"{Label(fk.Status)} fan-out {table}.{fk.Name} → {fk.ReferencedTable}: {fk.Note}";

    /// <summary>The line of a foreign key whose fan-out on one side of the parent's row state is over its thresholds.</summary>
    public static string ParentStateFanOut(string table, ParentStateFanOutFidelity fk) =>
        $"{Label(fk.Status)} fan-out {table}.{fk.Name} → {fk.ReferencedTable} ({fk.StateColumn} {EnumText.Of(fk.Side)}): {fk.Note}";

    /// <summary>The line of a pair of foreign keys whose fan-out correlation is over its threshold.</summary>
    public static string JointFanOut(string table, JointForeignKeyFidelity joint) =>
        $"{Label(joint.Status)} joint fan-out {table}.({joint.First.Name}, {joint.Second.Name}): {joint.Note}";

    /// <summary>The line of a busy-parent correlation (a pair of foreign keys into <paramref name="table"/>) over its threshold.</summary>
    public static string BusyParents(string table, string pair, ChildFanOutCorrelationFidelity busy) =>
        $"{Label(busy.Status)} busy parents {table} ({pair}): {busy.Note}";

    /// <summary>The line of a column over its threshold.</summary>
    public static string Column(string table, ColumnFidelity column) =>
        $"{Label(column.Status)} column {table}.{column.Name}: {column.Note}";

    /// <summary>The line of a learned dependency over its threshold.</summary>
    public static string Dependency(string table, DependencyFidelity dependency) =>
        $"{Label(dependency.Status)} dependency {table} {EnumText.Of(dependency.Kind)} {dependency.Subject}: {dependency.Note}";

    /// <summary>A fan-out's KS over its threshold, net of its floor when it has one.</summary>
    public static string FanOutKsNote(double ks, double floor, double threshold) => floor > 0
        ? string.Create(CultureInfo.InvariantCulture, $"KS {ks:0.000} − floor {floor:0.000} > {threshold:0.000}")
        : string.Create(CultureInfo.InvariantCulture, $"KS {ks:0.000} > {threshold:0.000}");

    /// <summary>A fan-out's mean off the expected one.</summary>
    public static string FanOutMeanNote(double mean, double expectedMean, double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"mean {mean:0.###} vs expected {expectedMean:0.###} (ratio {ratio:0.###})");

    /// <summary>A pair's fan-out correlation off the profile's.</summary>
    public static string JointNote(double target, double profile, double difference, double threshold) =>
        "fan-out correlation " + DifferenceNote(target, profile, difference, threshold);

    /// <summary>A column's distribution distance over its threshold.</summary>
    public static string ColumnDistanceNote(ColumnMetric metric, double? distance, double threshold) =>
        string.Create(CultureInfo.InvariantCulture, $"{EnumText.Of(metric)} {distance:0.000} > {threshold:0.000}");

    /// <summary>A column whose profiled numbers or dates no longer parse in the target.</summary>
    public static string ColumnUnusableNote(DistributionKind profile, DistributionKind target) =>
        $"values no longer parse as profiled ({EnumText.Of(target)} measured, {EnumText.Of(profile)} profiled): unusable";

    /// <summary>A column's NULL fraction off the profile's.</summary>
    public static string ColumnNullNote(double target, double profile, double difference, double threshold) =>
        "NULL fraction " + DifferenceNote(target, profile, difference, threshold);

    /// <summary>A column with values in the profile and none in the target (all NULL).</summary>
    public static string ColumnEmptiedNote(double target, double profile, double difference, double threshold) =>
        "no values left, NULL fraction " + DifferenceNote(target, profile, difference, threshold);

    /// <summary>A measure off the profile's (a dependency's, and the tail of the joint and NULL-fraction notes).</summary>
    public static string DifferenceNote(double target, double profile, double difference, double threshold) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{target:0.000} vs {profile:0.000} (difference {difference:0.000} > {threshold:0.000})");

    private static string Label(MetricStatus status) => status == MetricStatus.Failed ? "FAILED" : "warning";
}
