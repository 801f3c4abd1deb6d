namespace ElasticDuckface;

/// <summary>
/// The base of every error that Elastic Duckface reports to a user: one line that names the problem and the fix,
/// and the process exit code the CLI returns for it.
/// </summary>
public class DuckfaceException : Exception
{
    /// <summary>Creates an error with a message and an exit code.</summary>
    public DuckfaceException(string message, int exitCode = ExitCodes.InvalidInput, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    /// <summary>The documented process exit code for this error (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>Lines that list what the one-line <see cref="Exception.Message"/> sums up (printed after it); usually none.</summary>
    public virtual IReadOnlyList<string> Details => [];
}

/// <summary>A profile file that cannot be read: malformed JSON, wrong shape, or a newer format version.</summary>
public sealed class ProfileFormatException(string message, string? jsonPath = null, Exception? innerException = null)
    : DuckfaceException(message, ExitCodes.InvalidInput, innerException)
{
    /// <summary>The JSON path of the offending element, when known.</summary>
    public string? JsonPath { get; } = jsonPath;
}

/// <summary>Scale options or a plan that cannot be carried out (unknown table, impossible unique key, ...).</summary>
public sealed class PlanValidationException(string message) : DuckfaceException(message, ExitCodes.InvalidInput);

/// <summary>A database that cannot be reached, read or written.</summary>
public sealed class DatabaseOperationException(string message, Exception? innerException = null)
    : DuckfaceException(message, ExitCodes.DatabaseError, innerException);

/// <summary>A file or directory that cannot be read or written.</summary>
public sealed class OutputException(string message, Exception? innerException = null)
    : DuckfaceException(message, ExitCodes.OutputError, innerException);
