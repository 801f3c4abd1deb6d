namespace ElasticDuckface.Verification;

/// <summary>The rounding of every number a <see cref="FidelityReport"/> holds.</summary>
internal static class MetricRounding
{
    /// <summary>Six digits: finer than any threshold, and short enough that the JSON stays readable and byte-stable.</summary>
    public const int Digits = 6;

    /// <summary>The value rounded to <see cref="Digits"/>; infinities and NaN pass through.</summary>
    public static double Round(double value) => double.IsFinite(value) ? Math.Round(value, Digits) : value;
}
