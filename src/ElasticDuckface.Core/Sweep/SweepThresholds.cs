namespace ElasticDuckface.Sweep;

/// <summary>The limits a CI job gates a migration on (<c>--max-seconds</c>, <c>--max-rows-read</c>, <c>--max-growth</c>).</summary>
public sealed record SweepThresholds
{
    /// <summary>The most wall seconds the command may take (at <c>--predict</c> when given, else at the largest scale).</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>The most rows it may read, judged like <see cref="MaxSeconds"/>.</summary>
    public double? MaxRowsRead { get; init; }

    /// <summary>The fastest growth allowed for the gated measures (<see cref="SweepMeasures.Gated"/>).</summary>
    public GrowthModel? MaxGrowth { get; init; }

    /// <summary>Whether any limit is set.</summary>
    public bool Any => MaxSeconds is not null || MaxRowsRead is not null || MaxGrowth is not null;
}
