using System.Text.Json.Serialization;

namespace ElasticDuckface.Verification;

/// <summary>
/// Everything <c>duckface verify</c> found: hard checks, per-table, per-foreign-key and per-column distances between a
/// profile and a target database, scores and the verdict. Built by <see cref="FidelityComparer.Compare"/>; serialised
/// by <see cref="FidelityReportSerializer"/>. Every list is sorted, so the same inputs give the same JSON bytes.
/// </summary>
public sealed record FidelityReport
{
    /// <summary>The report format version.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The outcome.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Whether distances over their thresholds fail (<c>--strict</c>).</summary>
    public bool Strict { get; init; }

    /// <summary>Whether row counts were checked against a generation plan (a scale option was given).</summary>
    public bool Scaled { get; init; }

    /// <summary>The plan's global scale factor, when <see cref="Scaled"/>.</summary>
    public double? Scale { get; init; }

    /// <summary>The database score: the lowest table score (1 is identical, 0 is unrelated).</summary>
    public double Score { get; init; }

    /// <summary>The thresholds used.</summary>
    public required VerifyThresholds Thresholds { get; init; }

    /// <summary>Number of hard checks that passed.</summary>
    public int HardChecksPassed { get; init; }

    /// <summary>Number of hard checks that failed.</summary>
    public int HardChecksFailed { get; init; }

    /// <summary>
    /// One per failed hard check and per metric over its threshold: failed hard checks first, then failed metrics, then
    /// warnings, each by table and text.
    /// </summary>
    /// <remarks>The JSON holds each problem as its <see cref="FidelityProblem.Text"/>; reading it back rebuilds the problems
    /// from the tables and hard checks, which hold every number they come from.</remarks>
    [JsonConverter(typeof(ProblemTextListConverter))]
    public required IReadOnlyList<FidelityProblem> Problems { get; init; }

    /// <summary>Every table of the profile, sorted by name.</summary>
    public required IReadOnlyList<TableFidelity> Tables { get; init; }

    /// <summary>Every hard check run, sorted by table, kind and subject.</summary>
    public required IReadOnlyList<HardCheckResult> HardChecks { get; init; }

    /// <summary>What a faithful copy should also preserve but the profile does not measure yet: named here, without numbers.</summary>
    public required IReadOnlyList<NotMeasured> NotMeasured { get; init; }
}

/// <summary>A property the verifier does not measure yet, and why.</summary>
/// <param name="Name">A stable name, e.g. <c>jointForeignKeys</c>.</param>
/// <param name="Reason">Why it is not measured.</param>
public sealed record NotMeasured(string Name, string Reason);

/// <summary>A value of the profile next to the same value measured on the target.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="Profile">The profile's value.</param>
/// <param name="Target">The target's value.</param>
public sealed record SideBySide<T>(T Profile, T Target);
