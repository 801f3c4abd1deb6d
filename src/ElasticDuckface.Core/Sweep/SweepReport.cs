namespace ElasticDuckface.Sweep;

/// <summary>
/// Everything a sweep measured and concluded: the JSON of <c>sweep --json</c> (<see cref="SweepReportSerializer"/>), the
/// input of <c>--report</c> and of a later <c>--baseline</c>.
/// </summary>
public sealed record SweepReport
{
    /// <summary>The version of this JSON shape.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The profile's file name.</summary>
    public required string Profile { get; init; }

    /// <summary>The server, as printed (no password).</summary>
    public required string Server { get; init; }

    /// <summary>The engine's name (<c>mysql</c>, <c>postgres</c>, <c>sqlite</c>).</summary>
    public required string Engine { get; init; }

    /// <summary>The <c>--setup</c> command, if any.</summary>
    public string? Setup { get; init; }

    /// <summary>The <c>--run</c> command.</summary>
    public required string Run { get; init; }

    /// <summary>Repeats per scale.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>What <c>--cold</c> did before each run, or null without it.</summary>
    public string? Cold { get; init; }

    /// <summary>The <c>--predict</c> scale, if any.</summary>
    public double? PredictScale { get; init; }

    /// <summary>The rows generated at <see cref="PredictScale"/> (planned, not generated).</summary>
    public long? PredictRows { get; init; }

    /// <summary>Each scale, smallest first.</summary>
    public required IReadOnlyList<SweepPoint> Points { get; init; }

    /// <summary>Each measure's growth (gated measures first, then by name).</summary>
    public required IReadOnlyList<MeasureGrowth> Growth { get; init; }

    /// <summary>The limits judged.</summary>
    public SweepThresholds Thresholds { get; init; } = new();

    /// <summary>The limits exceeded (none: the sweep passed).</summary>
    public IReadOnlyList<SweepViolation> Violations { get; init; } = [];
}
