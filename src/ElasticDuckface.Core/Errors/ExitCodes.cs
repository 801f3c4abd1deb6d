namespace ElasticDuckface;

/// <summary>The process exit codes of the <c>duckface</c> CLI: a documented contract (see docs/exit-codes.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed (System.CommandLine's own code).</summary>
    public const int Usage = 1;

    /// <summary>Invalid input: a malformed profile, a bad scale option, an impossible plan.</summary>
    public const int InvalidInput = 2;

    /// <summary>A database could not be reached, read or written.</summary>
    public const int DatabaseError = 3;

    /// <summary>Verification found the target unfaithful to the profile.</summary>
    public const int VerificationFailed = 4;

    /// <summary>
    /// A file could not be read or written, or the target was refused: the profile file is missing or unreadable, the
    /// output path is unwritable, the target is not empty (without --replace) or is the profile's own source.
    /// </summary>
    public const int OutputError = 5;

    /// <summary><c>duckface inspect --fail-if-reveals</c>: the profile reveals what the caller refused (issue 9).</summary>
    public const int ProfileReveals = 6;

    /// <summary>
    /// <c>generate --into-existing</c>: the target's schema cannot take the profile's rows with integrity (a NOT NULL
    /// column without default the profile lacks, a reference to a table the run cannot fill, ...); nothing was written.
    /// </summary>
    public const int SchemaMismatch = 7;

    /// <summary><c>duckface sweep</c>: a threshold (--max-seconds, --max-rows-read, --max-growth) was exceeded (issue 11).</summary>
    public const int SweepThresholdExceeded = 8;

    /// <summary><c>duckface sweep</c>: its --setup or --run command exited non-zero; the sweep stopped and dropped its databases.</summary>
    public const int SweepCommandFailed = 9;

    /// <summary>Cancelled by Ctrl+C (SIGINT): 128 + signal 2, as shells report it.</summary>
    public const int Cancelled = 130;
}
