namespace ElasticDuckface.Privacy;

/// <summary>
/// How much one row added to or removed from the database can change a statistic's vector of counts: its L1 norm (for
/// Laplace noise) and its squared L2 norm (for Gaussian noise). Built part by part: a part that changes coordinates by at
/// most c each and by l in sum adds l to L1 and at most l·c to L2² (Σ cᵢ² ≤ max c · Σ cᵢ).
/// </summary>
/// <param name="L1">The L1 sensitivity.</param>
/// <param name="L2Squared">The squared L2 sensitivity.</param>
internal readonly record struct Sensitivity(double L1, double L2Squared)
{
    /// <summary>A count, or a histogram one row adds itself to (one cell, by 1).</summary>
    public static Sensitivity Count => new(1, 1);

    /// <summary>A value bounded to a range of width <paramref name="range"/>: one row can move it across the range.</summary>
    public static Sensitivity Range(double range) => new(range, range * range);

    /// <summary>The L2 sensitivity.</summary>
    public double L2 => Math.Sqrt(L2Squared);

    /// <summary>Both parts together (one row can change both).</summary>
    public static Sensitivity operator +(Sensitivity a, Sensitivity b) => new(a.L1 + b.L1, a.L2Squared + b.L2Squared);

    /// <summary><paramref name="times"/> parts like <paramref name="a"/>.</summary>
    public static Sensitivity operator *(int times, Sensitivity a) => new(times * a.L1, times * a.L2Squared);

    /// <summary>The same as <c>a + b</c>, for callers of a language without operators (CA2225).</summary>
    public static Sensitivity Add(Sensitivity a, Sensitivity b) => a + b;

    /// <summary>The same as <c>times * a</c> (CA2225).</summary>
    public static Sensitivity Multiply(int times, Sensitivity a) => times * a;
}
