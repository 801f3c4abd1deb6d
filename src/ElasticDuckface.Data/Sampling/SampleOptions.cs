namespace ElasticDuckface.Data.Sampling;

/// <summary>How <see cref="ForeignKeySampler"/> draws a foreign-key-consistent sample.</summary>
internal sealed record SampleOptions
{
    /// <summary>The fraction of each root table's rows to keep (default 0.1).</summary>
    public double Fraction { get; init; } = 0.1;

    /// <summary>The seed of the row choice: the same seed gives the same sample.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Tables with at most this many rows are lookup tables, kept whole. Null: the largest count whose sample would hold
    /// fewer than <see cref="ForeignKeySampler.MinSampledRows"/> rows, i.e. rows × fraction &lt; 5 (49 rows at 10%).
    /// </summary>
    public long? LookupMaxRows { get; init; }

    /// <summary>
    /// Per child table, the parent table it follows (keeps a row when that parent row is kept), instead of the default:
    /// the sampled parent with the largest mean fan-out.
    /// </summary>
    public IReadOnlyDictionary<string, string> Follow { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The root tables to draw (one dimension, the experiment of issue 14: sample along one root, grow it back). Null:
    /// every root. When set, only these tables and the tables below them (a foreign key, self-references aside, to a table
    /// already in) are sampled; a table below both a drawn and a whole table follows the drawn one. Every other table is
    /// kept whole (<see cref="SampleRole.Whole"/>). A named table may have parents: they are outside and kept whole.
    /// </summary>
    public IReadOnlySet<string>? Roots { get; init; }

    /// <summary>How root rows are drawn (default: systematic over rows sorted by unit size).</summary>
    public RootDraw RootDraw { get; init; } = RootDraw.SystematicBySize;

    /// <summary>
    /// Independent replicates of the design used to estimate every kept row's inclusion probability π (Fattorini 2006:
    /// π̂ = (hits + 1) / (replicates + 1)), from which <see cref="SampledTable.EstimatedSourceRows"/> is the
    /// Horvitz–Thompson total Σ 1/π̂. 0: no replicates, every table is estimated as rows / fraction.
    /// </summary>
    public int Replicates { get; init; } = 200;

    /// <summary>The lookup threshold in effect.</summary>
    public long EffectiveLookupMaxRows =>
        LookupMaxRows ?? (long)Math.Ceiling(ForeignKeySampler.MinSampledRows / Fraction) - 1;
}

/// <summary>How <see cref="ForeignKeySampler"/> draws the rows of a root table.</summary>
internal enum RootDraw
{
    /// <summary>Simple random sampling without replacement: the rows with the smallest seeded hash.</summary>
    Simple,

    /// <summary>Systematic sampling with a random start over the rows sorted by unit size (implicit stratification).</summary>
    SystematicBySize,
}
