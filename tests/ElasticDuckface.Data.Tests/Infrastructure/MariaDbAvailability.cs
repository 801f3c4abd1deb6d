namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// Whether MySQL/MariaDB tests can run here, computed once (Dapper style): an existing server named by
/// <c>DUCKFACE_MYSQL</c>, or the <c>mariadbd</c> and <c>mariadb-install-db</c> binaries to start a throwaway one.
/// </summary>
public static class MariaDbAvailability
{
    /// <summary>The environment variable naming an existing server: <c>mysql://root:pw@host:port/anydb</c>.</summary>
    public const string ExternalServerVariable = "DUCKFACE_MYSQL";

    static MariaDbAvailability()
    {
        ExternalUrl = Environment.GetEnvironmentVariable(ExternalServerVariable) is { Length: > 0 } url ? url : null;
        IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var available = ExternalUrl is not null || (ThrowawayMariaDb.ServerBinary is not null && ThrowawayMariaDb.InstallDbBinary is not null);
        // Under CI=true nothing is skipped: a missing or broken server must fail the build (Npgsql's IgnoreExceptOnBuildServer).
        SkipReason = available || IsCi
            ? null
            : $"No MariaDB server here: install mariadb-server (mariadbd, mariadb-install-db) or set {ExternalServerVariable}=mysql://root:pw@host:port/db.";
    }

    /// <summary>The URL of an existing server to use instead of a throwaway one, or null.</summary>
    public static string? ExternalUrl { get; }

    /// <summary>Whether the tests run on a build server (<c>CI=true</c>).</summary>
    public static bool IsCi { get; }

    /// <summary>Why MySQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason { get; }
}

/// <summary>A fact that needs a MySQL/MariaDB server: skipped with a reason only when none can exist here and CI is not
/// <c>true</c>.</summary>
public sealed class MySqlFactAttribute : FactAttribute
{
    public MySqlFactAttribute()
    {
        if (MariaDbAvailability.SkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A theory that needs a MySQL/MariaDB server: skipped like <see cref="MySqlFactAttribute"/>.</summary>
public sealed class MySqlTheoryAttribute : TheoryAttribute
{
    public MySqlTheoryAttribute()
    {
        if (MariaDbAvailability.SkipReason is { } reason)
            Skip = reason;
    }
}
