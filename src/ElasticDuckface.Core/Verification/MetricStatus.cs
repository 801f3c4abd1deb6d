namespace ElasticDuckface.Verification;

/// <summary>How one metric compares with its threshold.</summary>
public enum MetricStatus
{
    /// <summary>Within its threshold.</summary>
    Ok,

    /// <summary>Over its threshold; listed, exit code 0.</summary>
    Warning,

    /// <summary>Over its threshold under <c>--strict</c>; verification fails.</summary>
    Failed,

    /// <summary>Not compared (e.g. the two sides have different distribution kinds, or a key sequence); see the note.</summary>
    NotCompared,
}
