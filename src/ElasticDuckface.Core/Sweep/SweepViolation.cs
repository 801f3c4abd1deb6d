namespace ElasticDuckface.Sweep;

/// <summary>A threshold a sweep exceeded.</summary>
/// <param name="Measure">The measure judged.</param>
/// <param name="Text">One sentence: the measure, its value or growth, and the limit.</param>
public sealed record SweepViolation(string Measure, string Text);
