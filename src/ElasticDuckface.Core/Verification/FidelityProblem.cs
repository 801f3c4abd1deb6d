namespace ElasticDuckface.Verification;

/// <summary>
/// A failed hard check or a metric over its threshold, as data: what, where, how far off, and the line a human reads.
/// </summary>
/// <remarks>
/// A fan-out whose KS and mean are both over is one problem (one line naming both); its <see cref="Check"/> is
/// <see cref="FidelityCheck.FanOutShape"/>, the first the line names.
/// </remarks>
public sealed record FidelityProblem
{
    /// <summary>Whether the problem fails verification or only warns.</summary>
    public required ProblemSeverity Severity { get; init; }

    /// <summary>Which check or metric is off.</summary>
    public required FidelityCheck Check { get; init; }

    /// <summary>The hard check, when <see cref="Check"/> is <see cref="FidelityCheck.HardCheck"/>.</summary>
    public HardCheckKind? HardCheck { get; init; }

    /// <summary>The dependency measure, when <see cref="Check"/> is <see cref="FidelityCheck.Dependency"/>.</summary>
    public DependencyKind? Dependency { get; init; }

    /// <summary>The table.</summary>
    public required string Table { get; init; }

    /// <summary>
    /// What in the table: the column, the foreign key, the pair <c>fk_a × fk_b</c>, the dependency's subject or the
    /// hard check's subject; empty for a whole-table hard check.
    /// </summary>
    public required string Subject { get; init; }

    /// <summary>The measured value: a distance or difference, a mean error, or what a hard check found.</summary>
    public double Measured { get; init; }

    /// <summary>The threshold it was held to, or what a hard check expected.</summary>
    public double Threshold { get; init; }

    /// <summary>The line printed by <c>duckface verify</c> and written to the JSON's <c>problems</c>.</summary>
    public required string Text { get; init; }
}
