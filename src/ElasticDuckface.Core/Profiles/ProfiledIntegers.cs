using System.Globalization;

namespace ElasticDuckface.Profiles;

/// <summary>What a column's statistics say about the size of its integers, for a target engine choosing a type.</summary>
public static class ProfiledIntegers
{
    /// <summary>2^63, the first integer a signed 64-bit type cannot hold.</summary>
    private const double Int64Limit = 9_223_372_036_854_775_808d;

    /// <summary>
    /// Whether a profiled value of the column lies above 2^63 − 1 (a BIGINT UNSIGNED near 2^64): a signed 64-bit target
    /// type (PostgreSQL <c>bigint</c>) cannot hold it. Its categorical values are read exactly, its quantiles as written.
    /// </summary>
    public static bool BeyondInt64(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Beyond(column.Stats?.Distribution);
    }

    private static bool Beyond(Distribution? distribution) => distribution switch
    {
        NumericDistribution n => n.Quantiles.Count > 0 && n.Quantiles.Max() >= Int64Limit,
        CategoricalDistribution c => c.Values.Any(v => decimal.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture,
            out var m) && m > long.MaxValue) || Beyond(c.Other),
        _ => false,
    };
}
