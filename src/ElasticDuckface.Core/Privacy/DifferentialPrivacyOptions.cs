namespace ElasticDuckface.Privacy;

/// <summary>The options of <c>profile --epsilon E [--delta D] [--dp-seed N]</c> (issue 9, docs/privacy.md).</summary>
/// <param name="Epsilon">ε &gt; 0: the total budget one row of any table is charged at most.</param>
/// <param name="Delta">δ in (0, 1) for (ε, δ)-DP with Gaussian noise; null for pure ε-DP with Laplace noise.</param>
/// <param name="Seed">The seed of the noise; not written in the profile (whoever knows it can take the noise out).</param>
public sealed record DifferentialPrivacyOptions(double Epsilon, double? Delta, long Seed)
{
    /// <summary>Whether <paramref name="epsilon"/> is a usable budget: a finite number above 0.</summary>
    public static bool IsValidEpsilon(double epsilon) => double.IsFinite(epsilon) && epsilon > 0;

    /// <summary>Whether <paramref name="delta"/> is a usable δ: strictly between 0 and 1.</summary>
    public static bool IsValidDelta(double delta) => delta is > 0 and < 1;
}
