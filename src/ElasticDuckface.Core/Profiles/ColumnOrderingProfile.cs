namespace ElasticDuckface.Profiles;

/// <summary>
/// A learned ordering between two date/time columns of a row: <see cref="Column"/> is at or after <see cref="After"/>
/// (Nova: <c>updated_at</c> after <c>created_at</c>, <c>deleted_at</c> after <c>updated_at</c>), with the gap between them.
/// </summary>
/// <remarks>
/// Learned from the profiler's sample when at least 99% of the rows with both values hold the order; each column gets at
/// most one anchor, an earlier column of the table (so orderings chain and never cycle), the one with the smallest median
/// gap. The generator then draws the column as its anchor plus a gap from <see cref="GapSeconds"/>, where both are not NULL.
/// </remarks>
public sealed record ColumnOrderingProfile
{
    /// <summary>The later column.</summary>
    public required string Column { get; init; }

    /// <summary>The anchor: an earlier column of the row that <see cref="Column"/> does not precede.</summary>
    public required string After { get; init; }

    /// <summary>Sampled rows with both values not NULL.</summary>
    public long Rows { get; init; }

    /// <summary>The share of those rows where <see cref="After"/> ≤ <see cref="Column"/>.</summary>
    public double Share { get; init; }

    /// <summary>Evenly spaced quantiles (21 points) of <see cref="Column"/> − <see cref="After"/> in seconds, over those rows.</summary>
    public required IReadOnlyList<double> GapSeconds { get; init; }

    /// <summary>P(<see cref="Column"/> is NULL | <see cref="After"/> is NULL) over the sample, or null when the anchor is
    /// never NULL. Nova's <c>deleted_at</c> is NULL exactly where <c>updated_at</c> is, in tables whose row state is
    /// another column.</summary>
    public double? NullWhenAfterNull { get; init; }

    /// <summary>P(<see cref="Column"/> is NULL | <see cref="After"/> is not NULL) over the sample.</summary>
    public double NullWhenAfterSet { get; init; }

    /// <summary>When the table has a row state: the gap quantiles over the rows in the state (e.g. an instance's
    /// lifetime until its deletion), or null when fewer than 20 sampled rows give one.</summary>
    public IReadOnlyList<double>? GapSecondsWhenSet { get; init; }

    /// <summary>When the table has a row state: the gap quantiles over the rows not in it, or null as above.</summary>
    public IReadOnlyList<double>? GapSecondsWhenUnset { get; init; }

    /// <summary>
    /// When the table has no row state and at least 80 sampled rows give a gap: the gap quantiles per quarter of the
    /// anchor's values (a row created late in the data's span has had less time to be updated or deleted); null otherwise.
    /// </summary>
    public IReadOnlyList<GapStratum>? GapSecondsByAfter { get; init; }
}

/// <summary>The gaps of an ordering over the rows whose anchor falls in one range.</summary>
public sealed record GapStratum
{
    /// <summary>The range's upper bound (exclusive, ISO-8601), or null (left out) for the last range.</summary>
    public string? Until { get; init; }

    /// <summary>21 quantiles of the gap in seconds over those rows.</summary>
    public required IReadOnlyList<double> GapSeconds { get; init; }
}
