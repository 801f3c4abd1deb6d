namespace ElasticDuckface.Verification;

/// <summary>What a <see cref="DependencyFidelity"/> compares.</summary>
public enum DependencyKind
{
    /// <summary>The share of rows in the state.</summary>
    StateFraction,

    /// <summary>How strongly a column depends on the state.</summary>
    Association,

    /// <summary>A conditioned column's distribution in the rows in the state, as a distance.</summary>
    WhenSet,

    /// <summary>A conditioned column's distribution in the rows out of the state, as a distance.</summary>
    WhenUnset,

    /// <summary>The share of rows whose value equals the copied column.</summary>
    SameAs,

    /// <summary>The phi correlation of a child's state with its parent's.</summary>
    Parent,

    /// <summary>The share of rows in which a date/time column is at or after another.</summary>
    Ordering,

    /// <summary>The distribution of the gap between the two columns of an ordering, as a KS distance.</summary>
    OrderingGap,
}
