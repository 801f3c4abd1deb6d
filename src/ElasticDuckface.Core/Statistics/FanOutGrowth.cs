namespace ElasticDuckface.Statistics;

/// <summary>
/// How a fan-out distribution follows its foreign key when the children per parent move (the child table's factor over
/// the parent's is r ≠ 1). See docs/adr/0006-fan-out-growth.md.
/// </summary>
public enum FanOutGrowth
{
    /// <summary>
    /// The profiled database is a random sample of the target's children: growing (r &gt; 1) reads the profiled histogram
    /// as a binomial thinning (each child kept with probability 1/r) of the larger one and deconvolves it; shrinking
    /// (r &lt; 1) thins it binomially. The default (<c>--growth sample</c>).
    /// </summary>
    Sample,

    /// <summary>Every parent's fan-out k is multiplied: k → k·r, split between the two whole neighbours
    /// (<c>--growth stretch</c>).</summary>
    Stretch,
}
