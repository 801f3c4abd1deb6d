namespace ElasticDuckface.Sweep;

/// <summary>One scale of a sweep: its row count, every repeat, and each measure's median and spread.</summary>
/// <param name="Scale">The --scale factor.</param>
/// <param name="Rows">The rows generated at that scale (all tables): the n of the fit.</param>
/// <param name="Repeats">Each repeat, in order.</param>
/// <param name="Measures">Each measure's median and spread over the repeats, by name.</param>
public sealed record SweepPoint(double Scale, long Rows, IReadOnlyList<SweepRepeat> Repeats,
    IReadOnlyDictionary<string, MeasureSummary> Measures)
{
    /// <summary>The point of a scale from its repeats: a measure missing from a repeat counts as 0 there.</summary>
    public static SweepPoint Of(double scale, long rows, IReadOnlyList<SweepRepeat> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var names = repeats.SelectMany(r => r.Measures.Keys).Distinct().Order(StringComparer.Ordinal);
        var measures = new SortedDictionary<string, MeasureSummary>(StringComparer.Ordinal);
        foreach (var name in names)
            measures[name] = MeasureSummary.Of([.. repeats.Select(r => r.Measures.GetValueOrDefault(name))]);
        return new SweepPoint(scale, rows, repeats, measures);
    }
}
