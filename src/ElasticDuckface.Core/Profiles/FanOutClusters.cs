namespace ElasticDuckface.Profiles;

/// <summary>
/// How the children of one parent cluster along another reference path of the child to an ancestor table: a cluster is
/// the children of one parent that share one ancestor row (an invoice's lines of one artist, through
/// InvoiceLine → Track → Album → Artist). When that ancestor is the dimension the profile was sampled along, whole
/// clusters are kept or lost together, and growth deconvolves a thinning of clusters instead of one of children
/// (<see cref="Statistics.ClusteredThinning"/>, docs/adr/0006-fan-out-growth.md, "Clustered thinning").
/// </summary>
/// <remarks>Written only for a path where some cluster holds more than one child (else the thinning of clusters is the
/// thinning of children) and every child with a parent reaches an ancestor row.</remarks>
public sealed record FanOutClusters
{
    /// <summary>The ancestor table the clusters are drawn by.</summary>
    public required string Ancestor { get; init; }

    /// <summary>The foreign keys followed from the child to the ancestor, by name, first the child's own.</summary>
    public required IReadOnlyList<string> Via { get; init; }

    /// <summary>Clusters per parent: <see cref="FanOutBin.Parents"/> parents have <see cref="FanOutBin.Children"/> clusters
    /// (zeros included; the same parents as the fan-out's histogram).</summary>
    public required IReadOnlyList<FanOutBin> PerParent { get; init; }

    /// <summary>Cluster sizes: <see cref="FanOutBin.Parents"/> clusters hold <see cref="FanOutBin.Children"/> children each
    /// (sizes ≥ 1).</summary>
    public required IReadOnlyList<FanOutBin> Sizes { get; init; }
}
