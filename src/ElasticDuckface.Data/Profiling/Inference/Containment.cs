using System.Globalization;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>How much of a candidate column's values a parent key holds.</summary>
/// <param name="DistinctValues">Distinct non-null values of the child column that were checked.</param>
/// <param name="Found">How many of them the parent key holds.</param>
/// <param name="Sampled">Whether the check stopped at the limit of distinct values (the column may have more).</param>
/// <param name="ParentValues">Non-null values of the parent key (distinct, since it is unique).</param>
public sealed record Containment(long DistinctValues, long Found, bool Sampled, long ParentValues)
{
    /// <summary>Found ÷ distinct values; 0 when the column has no value.</summary>
    public double Coverage => DistinctValues == 0 ? 0 : (double)Found / DistinctValues;

    /// <summary>The evidence in words: <c>coverage 1.000 (12 of 12 distinct values), 300 parent values</c>.</summary>
    public override string ToString()
    {
        var of = Sampled ? "of the first" : "of";
        return string.Create(CultureInfo.InvariantCulture,
            $"coverage {Coverage:F3} ({Found} {of} {DistinctValues} distinct values), {ParentValues} parent values");
    }
}
