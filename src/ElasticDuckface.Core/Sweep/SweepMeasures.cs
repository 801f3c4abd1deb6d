namespace ElasticDuckface.Sweep;

/// <summary>The names of the measures every sweep has, whatever the engine.</summary>
public static class SweepMeasures
{
    /// <summary>Wall time of the <c>--run</c> command, in seconds.</summary>
    public const string Seconds = "seconds";

    /// <summary>Rows the server read for the command (engine-specific counters summed; docs/sweep.md "Measures").</summary>
    public const string RowsRead = "rows_read";

    /// <summary>The measures <c>--max-growth</c> judges: the others are recorded, fitted and plotted only.</summary>
    public static IReadOnlyList<string> Gated { get; } = [Seconds, RowsRead];
}
