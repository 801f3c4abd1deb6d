namespace ElasticDuckface.Verification;

/// <summary>The kind of a column's distribution, as <see cref="ColumnFidelity"/> reports it.</summary>
public enum DistributionKind
{
    /// <summary>No non-null values.</summary>
    Empty,

    /// <summary>A key sequence.</summary>
    Sequence,

    /// <summary>Numbers, as quantiles.</summary>
    Numeric,

    /// <summary>A few repeated values with frequencies.</summary>
    Categorical,

    /// <summary>Text, as lengths and a shape.</summary>
    Text,

    /// <summary>Dates and times, as quantiles. Spelt so that the JSON says <c>datetime</c>.</summary>
    Datetime,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>Binary values, as lengths.</summary>
    Binary,

    /// <summary>A copy of another column.</summary>
    SameAs,

    /// <summary>JSON documents, as their structure.</summary>
    Json,

    /// <summary>A distribution this verifier does not know.</summary>
    Other,
}
