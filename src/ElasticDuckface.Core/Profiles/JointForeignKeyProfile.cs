namespace ElasticDuckface.Profiles;

/// <summary>
/// Two foreign keys of the same table measured together: how the fan-outs of a child row's two parents co-occur
/// (e.g. in PlaylistTrack, whether big playlists hold popular tracks).
/// </summary>
/// <remarks>
/// One entry per unordered pair of a table's foreign keys, in the order of <see cref="TableProfile.ForeignKeys"/>
/// (<see cref="First"/> comes before <see cref="Second"/> there). Each foreign key counts its children over the child
/// rows where it is not NULL, exactly as its fan-out histogram does.
/// </remarks>
public sealed record JointForeignKeyProfile
{
    /// <summary>The first foreign key of the pair (the earlier in the table's sorted list).</summary>
    public required ForeignKeyReference First { get; init; }

    /// <summary>The second foreign key of the pair.</summary>
    public required ForeignKeyReference Second { get; init; }

    /// <summary>Child rows where both references are not NULL: the rows the correlation is measured over.</summary>
    public long Rows { get; init; }

    /// <summary>
    /// Pearson correlation, over <see cref="Rows"/>, between the fan-out (children count) of the row's first parent and
    /// that of its second parent; 0 when either fan-out is constant over those rows.
    /// </summary>
    public double FanOutCorrelation { get; init; }

    /// <summary>
    /// Under <c>profile --epsilon</c>: the half-width of the 95% interval of the differential-privacy noise added to
    /// <see cref="FanOutCorrelation"/>, which is 0 when this is 1 or more (the noise drowned it); null (not written) for an
    /// exact correlation. Verify widens the pair's threshold to it.
    /// </summary>
    public double? FanOutCorrelationNoise { get; init; }
}

/// <summary>Names one foreign key of a table, by constraint name and referencing columns.</summary>
/// <param name="Name">The constraint name.</param>
/// <param name="Columns">The referencing columns, in key order.</param>
public sealed record ForeignKeyReference(string Name, IReadOnlyList<string> Columns);
