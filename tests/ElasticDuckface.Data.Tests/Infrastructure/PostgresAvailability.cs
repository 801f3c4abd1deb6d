namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// Whether PostgreSQL tests can run here, computed once: an existing server named by <c>DUCKFACE_POSTGRES</c>, or
/// Debian's <c>postgresql</c> binaries (<c>/usr/lib/postgresql/*/bin/initdb</c>, <c>pg_ctl</c>) to start a throwaway one.
/// </summary>
public static class PostgresAvailability
{
    /// <summary>The environment variable naming an existing server: <c>postgres://user:pw@host:port/anydb</c>.</summary>
    public const string ExternalServerVariable = "DUCKFACE_POSTGRES";

    static PostgresAvailability()
    {
        ExternalUrl = Environment.GetEnvironmentVariable(ExternalServerVariable) is { Length: > 0 } url ? url : null;
        var isCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var available = ExternalUrl is not null || BinDirectory is not null;
        // Under CI=true nothing is skipped: a missing or broken server must fail the build.
        SkipReason = available || isCi
            ? null
            : $"No PostgreSQL here: install postgresql (initdb, pg_ctl) or set {ExternalServerVariable}=postgres://user:pw@host:port/db.";
    }

    /// <summary>The URL of an existing server to use instead of a throwaway one, or null.</summary>
    public static string? ExternalUrl { get; }

    /// <summary>The directory holding <c>initdb</c> and <c>pg_ctl</c> (the newest installed version), or null.</summary>
    public static string? BinDirectory => ThrowawayPostgres.BinDirectory;

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason { get; }
}

/// <summary>A fact that needs a PostgreSQL server: skipped with a reason only when none can exist here and CI is not <c>true</c>.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A theory that needs a PostgreSQL server, skipped as <see cref="PostgresFactAttribute"/> is.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason)
            Skip = reason;
    }
}
