namespace ElasticDuckface.Verification;

/// <summary>The distance a <see cref="ColumnFidelity"/> measures between the two distributions.</summary>
public enum ColumnMetric
{
    /// <summary>Not compared (a key sequence, a foreign key, a copied key, or kinds that do not compare).</summary>
    None,

    /// <summary>Kolmogorov–Smirnov distance of the values (numbers, dates).</summary>
    Ks,

    /// <summary>Kolmogorov–Smirnov distance of the lengths (text, binary).</summary>
    LengthKs,

    /// <summary>Total variation distance (categories, booleans).</summary>
    TotalVariation,

    /// <summary>JSON structure: the largest difference in how often a place of the documents is present, of its kind, or
    /// of its leaf values (<see cref="JsonStructureDistance"/>).</summary>
    Structure,
}
