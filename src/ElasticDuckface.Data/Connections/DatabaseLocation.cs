using System.Globalization;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace ElasticDuckface.Data.Connections;

/// <summary>
/// Where a database is, parsed from the URL forms every command accepts:
/// <list type="bullet">
/// <item><c>PATH</c> or <c>sqlite:PATH</c>: a SQLite file;</item>
/// <item><c>mysql://user:password@host:port/database?socket=/run/mysqld/mysqld.sock&amp;ssl-mode=none</c> (also <c>mariadb://</c>).
/// A password missing from the URL is taken from the <c>DUCKFACE_PASSWORD</c> environment variable.</item>
/// </list>
/// </summary>
public sealed record DatabaseLocation
{
    /// <summary>The environment variable that supplies a password missing from a URL.</summary>
    public const string PasswordVariable = "DUCKFACE_PASSWORD";

    /// <summary>The engine.</summary>
    public required DatabaseKind Kind { get; init; }

    /// <summary>The ADO.NET connection string (holds the password: never print it).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>A printable description without the password.</summary>
    public required string Display { get; init; }

    /// <summary>SQLite: the full file path.</summary>
    public string? FilePath { get; init; }

    /// <summary>MySQL: the database (schema) name.</summary>
    public string? DatabaseName { get; init; }

    /// <summary>MySQL: the server's host (or socket path) and port, to tell whether two locations are one server.</summary>
    public string? Server { get; init; }

    /// <summary>Parses a database URL or path.</summary>
    /// <exception cref="DuckfaceException">The text is not a database location this tool understands.</exception>
    public static DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase))
            return ParseMySql(text, environment);
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return ForSqlite(text["sqlite:".Length..].TrimStart('/').Length == 0 ? "" : StripSqlitePrefix(text));
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
            throw new DuckfaceException($"Unsupported database URL scheme '{text[..scheme]}://'. Use a SQLite path (sqlite:PATH) or mysql://user@host:port/database.");
        return ForSqlite(text);
    }

    private static string StripSqlitePrefix(string text)
    {
        var rest = text["sqlite:".Length..];
        // sqlite:///abs/path and sqlite://rel are accepted as well as sqlite:PATH
        if (rest.StartsWith("//", StringComparison.Ordinal))
            rest = rest[2..];
        return rest;
    }

    private static DatabaseLocation ForSqlite(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new DuckfaceException("The SQLite location has no file path. Write sqlite:PATH or just PATH.");
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false };
        return new DatabaseLocation { Kind = DatabaseKind.Sqlite, ConnectionString = builder.ConnectionString, Display = $"sqlite:{full}", FilePath = full };
    }

    private static DatabaseLocation ParseMySql(string text, IReadOnlyDictionary<string, string?>? environment)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw new DuckfaceException($"'{Redact(text)}' is not a valid URL. Write mysql://user:password@host:port/database.");
        var builder = new MySqlConnectionStringBuilder
        {
            Server = string.IsNullOrEmpty(uri.Host) ? "localhost" : uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 3306u : (uint)uri.Port,
            AllowLoadLocalInfile = true,
            AllowUserVariables = true,
            ConvertZeroDateTime = true,
            ConnectionTimeout = 10,
            DefaultCommandTimeout = 0,
            Pooling = true,
        };

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.UserID = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        else
        {
            builder.UserID = "root";
        }

        if (string.IsNullOrEmpty(builder.Password))
        {
            var env = environment is null ? Environment.GetEnvironmentVariable(PasswordVariable) : environment.GetValueOrDefault(PasswordVariable);
            if (!string.IsNullOrEmpty(env))
                builder.Password = env;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
            throw new DuckfaceException($"'{Redact(text)}' names no database. Add it to the path: mysql://user@host:port/DATABASE.");
        if (database.Contains('/', StringComparison.Ordinal))
            throw new DuckfaceException($"'{Redact(text)}' has more than one path segment. Write mysql://user@host:port/DATABASE.");
        builder.Database = database;

        foreach (var (key, value) in ParseQuery(uri.Query))
        {
            switch (key.ToLowerInvariant())
            {
                case "socket":
                    builder.Server = value;
                    builder.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
                    break;
                case "ssl-mode" or "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "none" or "disabled" => MySqlSslMode.None,
                        "preferred" => MySqlSslMode.Preferred,
                        "required" => MySqlSslMode.Required,
                        "verify-ca" or "verifyca" => MySqlSslMode.VerifyCA,
                        "verify-full" or "verify-identity" or "verifyfull" => MySqlSslMode.VerifyFull,
                        _ => throw new DuckfaceException($"Unknown ssl-mode '{value}'. Use none, preferred, required, verify-ca or verify-full."),
                    };
                    break;
                case "connect-timeout" or "timeout":
                    builder.ConnectionTimeout = uint.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "password":
                    throw new DuckfaceException("Do not put the password in a query parameter. Use mysql://user:password@host/db or the DUCKFACE_PASSWORD environment variable.");
                default:
                    throw new DuckfaceException($"Unknown connection option '{key}' in the MySQL URL. Known options: socket, ssl-mode, connect-timeout.");
            }
        }

        var server = builder.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket ? builder.Server : $"{builder.Server}:{builder.Port}";
        return new DatabaseLocation
        {
            Kind = DatabaseKind.MySql,
            ConnectionString = builder.ConnectionString,
            Display = $"mysql://{builder.UserID}@{server}/{database}",
            DatabaseName = database,
            Server = server,
        };
    }

    private static IEnumerable<(string Key, string Value)> ParseQuery(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            yield return (Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "");
        }
    }

    /// <summary>Hides the password of a URL for messages.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var start = text.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || start < 0)
            return text;
        var colon = text.IndexOf(':', start + 3);
        return colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }

    /// <summary>Whether two locations name the same database (same file, or same server and database).</summary>
    public bool SameDatabaseAs(DatabaseLocation other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Kind != other.Kind)
            return false;
        return Kind == DatabaseKind.Sqlite
            ? string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
            : string.Equals(Server, other.Server, StringComparison.OrdinalIgnoreCase) && string.Equals(DatabaseName, other.DatabaseName, StringComparison.Ordinal);
    }
}
