namespace ElasticDuckface.ExistingSchema;

/// <summary>How much a difference between the profile and an existing target schema matters.</summary>
public enum DifferenceSeverity
{
    /// <summary>Worth knowing; the fill is exact where it matters (a target table the profile lacks is left untouched).</summary>
    Info,

    /// <summary>The fill loses something the profile has (a column the target lacks is left out, values cut to a narrower
    /// column); integrity still holds.</summary>
    Warning,

    /// <summary>The target cannot take the profile's rows with integrity: the run is refused and nothing is written.</summary>
    Fatal,
}
