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

    /// <summary>A file could not be read or written (output path, existing target without --replace).</summary>
    public const int OutputError = 5;

    /// <summary><c>duckface inspect --fail-if-reveals</c>: the profile reveals what the caller refused (issue 9).</summary>
    public const int ProfileReveals = 6;
}
