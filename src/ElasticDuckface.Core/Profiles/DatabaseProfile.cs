using System.Text.Json.Serialization;

namespace ElasticDuckface.Profiles;

/// <summary>
/// A database's profile: its schema and the statistics that let <c>duckface generate</c> build a look-alike at any scale.
/// It holds no confidential raw values. Written and read by <see cref="ProfileSerializer"/>; the format is documented in
/// docs/profile-format.md and docs/profile.schema.json.
/// </summary>
public sealed record DatabaseProfile
{
    /// <summary>
    /// The format version this build writes and the newest it reads. Version 2 (issue 9): quantiles respect
    /// <see cref="ProfileSettings.MinCount"/> instead of ending at the exact minimum and maximum; version 1 still loads.
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>
    /// The format version of a profile with hidden sizes (<see cref="ProfileSettings.HideSizes"/>), and the newest this
    /// build reads: an older build refuses it instead of reading its missing row counts as 0. Visible-size profiles are
    /// still written as <see cref="CurrentFormatVersion"/>.
    /// </summary>
    public const int HiddenSizesFormatVersion = 3;

    /// <summary>The profile format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Where the profile came from: its dialect and a salted fingerprint (no host, user or database name).</summary>
    public required ProfileSource Source { get; init; }

    /// <summary>The settings the profiler used.</summary>
    public required ProfileSettings Settings { get; init; }

    /// <summary>
    /// For a profile of several databases (<c>duckface profile URL1 URL2 …</c>, ADR 0007): their names, in the order given;
    /// every table is then named <c>database.table</c> (<see cref="DatabaseNames"/>). Empty for one database; left out of
    /// the JSON when empty.
    /// </summary>
    public IReadOnlyList<string> Databases { get; init; } = [];

    /// <summary>Every table, sorted by name (ordinal).</summary>
    public required IReadOnlyList<TableProfile> Tables { get; init; }
}

/// <summary>Where a profile came from.</summary>
/// <param name="Dialect">The source dialect: <c>sqlite</c> or <c>mysql</c>.</param>
/// <param name="Fingerprint">
/// A salted hash of the source's identity (<c>hmac-sha256:SALT:HASH</c>; no host, path or database name can be read
/// from it), so that <c>generate</c> refuses to write into the source. Optional: older profiles have none.
/// </param>
public sealed record ProfileSource(string Dialect, string? Fingerprint = null)
{
    /// <summary>
    /// For a profile of several databases: the fingerprint of each (in <see cref="DatabaseProfile.Databases"/> order), so that
    /// generate refuses every one of them as a target; null otherwise.
    /// </summary>
    public IReadOnlyList<string>? Fingerprints { get; init; }
}

/// <summary>The profiler's settings, recorded so a profile explains itself.</summary>
public sealed record ProfileSettings
{
    /// <summary>Tables with more rows than this have their column distributions measured on a sample of about this many rows.</summary>
    public long SampleRows { get; init; } = 30_000;

    /// <summary>
    /// k: no value held by fewer than this many (sampled) rows is written. A categorical value is kept verbatim only
    /// when at least k rows hold it; quantiles end at the k-th smallest and largest value and are coarsened; sets of
    /// fewer than 2k − 1 values keep a coarse range only (see docs/privacy.md). 1 turns the rules off.
    /// </summary>
    public int MinCount { get; init; } = 10;

    /// <summary>
    /// The name format version 1 gave <see cref="MinCount"/> (it then covered categorical values only): read from old
    /// profiles into <see cref="MinCount"/>, never written.
    /// </summary>
    [JsonPropertyName("minCategoryCount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LegacyMinCategoryCount
    {
        get => null;
        init
        {
            if (value is { } v)
                MinCount = v;
        }
    }

    /// <summary>
    /// For verify, which measures a generated database to compare it with a profile and never publishes the result:
    /// quantiles are measured exactly (as with k = 1) while categorical values still follow <see cref="MinCount"/>,
    /// so both sides are described alike. Never written.
    /// </summary>
    [JsonIgnore]
    public bool ExactQuantiles { get; init; }

    /// <summary>The k that quantiles, lengths and gaps respect: 1 with <see cref="ExactQuantiles"/>, else <see cref="MinCount"/>.</summary>
    [JsonIgnore]
    public int QuantileMinCount => ExactQuantiles ? 1 : MinCount;

    /// <summary>
    /// The privacy file of <c>profile --privacy FILE</c>, applied to the schema before it is profiled. Never written: the
    /// profile records the markings on its tables and columns (<see cref="ColumnProfile.Privacy"/>).
    /// </summary>
    [JsonIgnore]
    public Privacy.PrivacyFile? Privacy { get; init; }

    /// <summary>A column with more distinct values than this is not treated as categorical.</summary>
    public int MaxCategories { get; init; } = 64;

    /// <summary>
    /// A row state (a nullable column whose NULL/NOT NULL split other columns depend on) is kept when at least one
    /// other column's distribution differs between the two sides by this total variation distance; 0 turns learning off.
    /// </summary>
    public double DependencyThreshold { get; init; } = 0.5;

    /// <summary>
    /// Whether the profile hides its sizes (<c>profile --hide-sizes</c>, format version 3): no row count, key range,
    /// distinct count or fan-out parent count is written, only relative sizes and shares (docs/privacy.md).
    /// Written only when true.
    /// </summary>
    public bool HideSizes { get; init; }

    /// <summary>
    /// Whether each fan-out records how its children cluster along the child's other reference paths
    /// (<c>profile --fan-out-clusters</c>, <see cref="FanOutStatistics.Clusters"/>): one more <c>GROUP BY</c> over a join
    /// per path, for profiles of a sample that is grown back along one dimension. Written only when true.
    /// </summary>
    public bool FanOutClusters { get; init; }

    /// <summary>With hidden sizes: the table whose <see cref="TableProfile.RelativeSize"/> is 1 (the largest).</summary>
    public string? ReferenceTable { get; init; }

    /// <summary>With hidden sizes: σ of the lognormal noise every relative size and fan-out share was multiplied by.</summary>
    public double? SizeNoise { get; init; }

    /// <summary>
    /// With <c>profile --epsilon</c>: the differential-privacy budget, mechanism and split every count, histogram bin and
    /// frequency was noised with (docs/privacy.md); null (and not written) otherwise.
    /// </summary>
    public DifferentialPrivacySettings? DifferentialPrivacy { get; init; }

    /// <summary>
    /// Set by <see cref="Privacy.SizeAnchors"/> on a hidden-size profile given sizes by <c>--rows</c>: the rows one unit of
    /// relative size stands for (every row count is round(relativeSize × unit)). Never written.
    /// </summary>
    [JsonIgnore]
    public double? SizeUnit { get; init; }
}
