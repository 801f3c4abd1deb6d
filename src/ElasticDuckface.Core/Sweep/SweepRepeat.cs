namespace ElasticDuckface.Sweep;

/// <summary>One run of <c>--run</c> on a fresh database at one scale.</summary>
/// <param name="Repeat">1-based repeat number.</param>
/// <param name="Database">The sweep's database it ran on (dropped afterwards unless --keep).</param>
/// <param name="ExitCode">The command's exit code (0: a failing run stops the sweep).</param>
/// <param name="Log">The command's log file (its standard output and error).</param>
/// <param name="Measures">Wall seconds and the server counters' increase while the command ran, by name.</param>
public sealed record SweepRepeat(int Repeat, string Database, int ExitCode, string Log, IReadOnlyDictionary<string, double> Measures);
