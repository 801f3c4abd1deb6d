namespace ElasticDuckface.Profiles;

/// <summary>
/// How a date-time or time column uses fractions of a second (issue 12): the share of its non-null values whose fraction
/// is not zero and the number of fraction digits they use (the most any value uses, at most the declared precision).
/// Absent from a column without fractions and from profiles made before it: generation then writes whole seconds.
/// </summary>
/// <param name="Share">Share of the non-null values with a non-zero fraction, 0 to 1.</param>
/// <param name="Digits">Fraction digits used, 1 to 6 (microseconds).</param>
public sealed record SecondFractions(double Share, int Digits)
{
    /// <summary>The most digits a profile records and the generator writes: microseconds, as MySQL and PostgreSQL keep.</summary>
    public const int MaxDigits = 6;
}
