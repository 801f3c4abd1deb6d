namespace ElasticDuckface.Data.Runs;

/// <summary>A sweep's <c>--setup</c> or <c>--run</c> exited non-zero: the sweep stopped and dropped its databases (exit 9).</summary>
public sealed class SweepCommandFailedException(string message) : DuckfaceException(message, ExitCodes.SweepCommandFailed);
