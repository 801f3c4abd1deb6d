using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>How big the generated database is relative to the profiled one.</summary>
/// <remarks>
/// Rules, strongest first: a per-table override (<see cref="TableScales"/>), then <see cref="Keep"/> (factor 1), then
/// the factor inherited from an overridden or inheriting parent, then the global <see cref="Scale"/>.
/// <code>
/// var options = new ScaleOptions { Scale = 10, TableScales = new Dictionary&lt;string, double&gt; { ["instances"] = 100 }, Seed = 42 };
/// </code>
/// </remarks>
public sealed record ScaleOptions
{
    /// <summary>The global factor applied to every table that no other rule covers (default 1).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Per-table factors (<c>--scale-table T=F</c>); children of an overridden table follow it.</summary>
    public IReadOnlyDictionary<string, double> TableScales { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// Anchors (<c>--rows TABLE=N</c>): the table gets exactly N rows and its children follow it, like a
    /// <see cref="TableScales"/> override whose factor gives N. A profile with hidden sizes needs at least one: the anchors
    /// also set the unit every other table's relative size is multiplied by (<see cref="Privacy.SizeAnchors"/>), and
    /// <see cref="Scale"/> then scales the tables no anchor covers, as it does for a profile with visible sizes.
    /// </summary>
    public IReadOnlyDictionary<string, long> Rows { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Tables pinned to their profiled row count (<c>--keep T</c>), e.g. small lookup tables.</summary>
    public IReadOnlySet<string> Keep { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// How fan-outs follow a foreign key whose children per parent move (<c>--growth</c>): <see cref="FanOutGrowth.Sample"/>
    /// (default) reads the profile as a random sample of the children, <see cref="FanOutGrowth.Stretch"/> multiplies every
    /// parent's fan-out. Where child and parent keep one factor the two are the same.
    /// </summary>
    public FanOutGrowth Growth { get; init; } = FanOutGrowth.Sample;

    /// <summary>The root seed every generated value derives from.</summary>
    public long Seed { get; init; }
}
