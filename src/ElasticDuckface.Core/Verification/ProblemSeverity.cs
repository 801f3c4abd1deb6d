namespace ElasticDuckface.Verification;

/// <summary>How bad a <see cref="FidelityProblem"/> is. Failures sort before warnings.</summary>
public enum ProblemSeverity
{
    /// <summary>A failed hard check, or a metric over its threshold under <c>--strict</c>: verification fails.</summary>
    Failed,

    /// <summary>A metric over its threshold without <c>--strict</c>: listed, verification still passes.</summary>
    Warning,
}
