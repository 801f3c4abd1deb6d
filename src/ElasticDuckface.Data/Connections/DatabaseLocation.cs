using ElasticDuckface.Data.Dialects;

namespace ElasticDuckface.Data.Connections;

/// <summary>
/// Where a database is, parsed by its engine from the URL forms every command accepts (<c>PATH</c> or
/// <c>sqlite:PATH</c>, <c>mysql://</c>, <c>postgres://</c>; see README "Databases"). A password missing from a URL is
/// taken from the <c>DUCKFACE_PASSWORD</c> environment variable (or the engine's own, such as <c>PGPASSWORD</c>).
/// </summary>
public sealed record DatabaseLocation
{
    /// <summary>The environment variable that supplies a password missing from a URL.</summary>
    public const string PasswordVariable = "DUCKFACE_PASSWORD";

    /// <summary>The engine that reads and writes this database.</summary>
    public required IDatabaseEngine Engine { get; init; }

    /// <summary>The ADO.NET connection string (holds the password: never print it).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>A printable description without the password.</summary>
    public required string Display { get; init; }

    /// <summary>SQLite: the full file path.</summary>
    public string? FilePath { get; init; }

    /// <summary>A server's database name (MySQL's schema).</summary>
    public string? DatabaseName { get; init; }

    /// <summary>PostgreSQL: the schema within the database (<c>public</c> unless the URL says otherwise).</summary>
    public string? Schema { get; init; }

    /// <summary>A server's host (or socket path) and port, to tell whether two locations are one server.</summary>
    public string? Server { get; init; }

    /// <summary>Parses a database URL or path (see <see cref="DatabaseEngines.Parse"/>).</summary>
    /// <exception cref="DuckfaceException">The text is not a database location this tool understands.</exception>
    public static DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment = null) =>
        DatabaseEngines.Parse(text, environment);

    /// <summary>The query parameters of a URL, unescaped, in order.</summary>
    public static IEnumerable<(string Key, string Value)> ParseQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            yield return (Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "");
        }
    }

    /// <summary>The password missing from a URL, from <see cref="PasswordVariable"/> (or the given environment).</summary>
    public static string? PasswordFromEnvironment(IReadOnlyDictionary<string, string?>? environment) =>
        environment is null ? Environment.GetEnvironmentVariable(PasswordVariable) : environment.GetValueOrDefault(PasswordVariable);

    /// <summary>
    /// Splits <c>scheme://USERINFO@rest</c> at the <em>last</em> <c>@</c> before the host, so that a password holding an
    /// unencoded <c>@</c>, <c>#</c>, <c>/</c> or <c>?</c> (<c>mysql://user:p@ss#1@host/db</c>) stays whole; returns the
    /// URL without its user info, for <see cref="Uri"/> to parse. An <c>@</c> in the query must be percent-encoded.
    /// </summary>
    /// <returns>The user name and password (both unescaped; null when absent) and the URL without them.</returns>
    public static (string? User, string? Password, string Remainder) SplitUserInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        if (start < 0 || at < start)
            return (null, null, text);
        var userInfo = text[(start + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return (user, password, text[..(start + 3)] + text[(at + 1)..]);
    }

    /// <summary>
    /// Hides the password of a URL for messages: everything between the user name's <c>:</c> and the last <c>@</c> becomes
    /// <c>***</c>, so no part of a password holding <c>@</c> is echoed (issue 12).
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        if (start < 0 || at < start)
            return text;
        var colon = text.IndexOf(':', start + 3);
        return colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }

    /// <summary>Whether two locations name the same database (same file, or same server and database).</summary>
    public bool SameDatabaseAs(DatabaseLocation other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(Engine.Name, other.Engine.Name, StringComparison.Ordinal))
            return false;
        return FilePath is not null
            ? string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
            : string.Equals(Server, other.Server, StringComparison.OrdinalIgnoreCase)
                && string.Equals(DatabaseName, other.DatabaseName, StringComparison.Ordinal)
                && string.Equals(Schema, other.Schema, StringComparison.Ordinal);
    }
}
