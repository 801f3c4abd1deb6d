namespace ElasticDuckface.Privacy;

/// <summary>How a privacy file (<c>profile --privacy FILE</c>, issue 9) marks a column or a table.</summary>
public enum ColumnPrivacy
{
    /// <summary>No marking: the k rule (<c>--min-count</c>) decides what is written.</summary>
    Default,

    /// <summary>
    /// Values kept verbatim even when rare, and exact quantiles (a lookup table of flavours, a migration version table).
    /// A table marked public also keeps its rows verbatim (<see cref="Profiles.TableProfile.Verbatim"/>).
    /// </summary>
    Public,

    /// <summary>No value kept, even a frequent one: shapes and coarse ranges only.</summary>
    Confidential,

    /// <summary>The type only, no statistics: generation writes NULL when the column allows it, else a neutral value.</summary>
    Drop,
}
