namespace ElasticDuckface.Profiles;

/// <summary>
/// How <c>profile --epsilon</c> noised the profile (issue 9, docs/privacy.md, ADR 0008): the total budget, the mechanism
/// and how the budget was split. The seed is not written: whoever knows it can take the noise out.
/// </summary>
public sealed record DifferentialPrivacySettings
{
    /// <summary>The <see cref="Split"/> this build writes.</summary>
    public const string PerRowStatistics = "perRowStatistics";

    /// <summary>ε: the total budget one row of any table is charged at most.</summary>
    public required double Epsilon { get; init; }

    /// <summary>δ of (ε, δ)-DP with the Gaussian mechanism; null (not written) with the Laplace mechanism (pure ε-DP).</summary>
    public double? Delta { get; init; }

    /// <summary><c>laplace</c> (no δ) or <c>gaussian</c> (analytic calibration, with δ).</summary>
    public required string Mechanism { get; init; }

    /// <summary>
    /// <c>perRowStatistics</c>: every statistic gets ε / m (and δ / m), m the largest number of statistics one row of a
    /// table it describes can change (its table's row count, columns, foreign keys, joint keys, row state and orderings,
    /// plus the fan-outs of the foreign keys that point at the table).
    /// </summary>
    public required string Split { get; init; }
}
