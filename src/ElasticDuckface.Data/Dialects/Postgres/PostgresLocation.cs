using System.Globalization;
using ElasticDuckface.Data.Connections;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// <c>postgres://user:password@host:port/database?schema=app&amp;sslmode=require</c> (also <c>postgresql://</c>) into a
/// connection string. A Unix socket directory is the host when it starts with <c>/</c>: percent-encoded in the authority
/// (<c>postgres://%2Fvar%2Frun%2Fpostgresql/db</c>) or as <c>?host=/var/run/postgresql</c>.
/// </summary>
/// <remarks>
/// The password is the URL's, else <c>DUCKFACE_PASSWORD</c>, else <c>PGPASSWORD</c>, else the password file's
/// (<c>PGPASSFILE</c>, default <c>~/.pgpass</c>, <see cref="PgPassFile"/>), else, for a user named in the URL and a terminal
/// attached, the one typed at the prompt (<see cref="PasswordPrompt"/>). TLS: <c>sslmode</c> and <c>sslrootcert=CA.pem</c>
/// (the CA that verify-ca and verify-full check the server's certificate against).
/// </remarks>
internal static class PostgresLocation
{
    public const string PasswordVariable = "PGPASSWORD";

    private const string Example = "postgres://user:password@host:port/database";
    private const string KnownOptions = "host, port, sslmode, sslrootcert, schema, connect-timeout";

    public static DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = DatabaseLocation.Redact(text);
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            throw new DuckfaceException($"'{redacted}' is not a valid URL. Write {Example}.");
        var rest = text[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? "" : rest[queryStart..];
        if (queryStart >= 0)
            rest = rest[..queryStart];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var database = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..].TrimEnd('/'));

        var builder = new NpgsqlConnectionStringBuilder
        {
            Timeout = 10,
            CommandTimeout = 0,
            Pooling = true,
        };

        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var hostPort = at < 0 ? authority : authority[(at + 1)..];
        if (userInfo.Length > 0)
        {
            var parts = userInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }

        var (host, port) = SplitHostPort(hostPort, redacted);
        builder.Host = host.Length == 0 ? "localhost" : host;
        builder.Port = port ?? 5432;

        if (database.Length == 0)
            throw new DuckfaceException($"'{redacted}' names no database. Add it to the path: postgres://user@host:port/DATABASE.");
        if (database.Contains('/', StringComparison.Ordinal))
            throw new DuckfaceException($"'{redacted}' has more than one path segment. "
                + "Write postgres://user@host:port/DATABASE?schema=NAME.");
        builder.Database = database;

        var schema = "public";
        foreach (var (key, value) in DatabaseLocation.ParseQuery(query))
        {
            switch (key.ToLowerInvariant())
            {
                case "host" or "socket":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = ParsePort(value, redacted);
                    break;
                case "sslmode" or "ssl-mode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" or "disabled" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" or "preferred" => SslMode.Prefer,
                        "require" or "required" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new DuckfaceException($"Unknown sslmode '{value}'. "
                            + "Use disable, prefer, require, verify-ca or verify-full."),
                    };
                    break;
                case "sslrootcert" or "ssl-ca" or "sslca":
                    builder.RootCertificate = value;
                    break;
                case "schema" or "search_path":
                    if (value.Length == 0)
                        throw new DuckfaceException($"'{redacted}' has an empty schema. Write ?schema=NAME or leave it out for public.");
                    schema = value;
                    break;
                case "connect-timeout" or "connect_timeout" or "timeout":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                        throw new DuckfaceException($"connect-timeout '{value}' is not a number of seconds.");
                    builder.Timeout = seconds;
                    break;
                case "password":
                    throw new DuckfaceException(
                        $"Do not put the password in a query parameter. "
                        + $"Use {Example} or the {DatabaseLocation.PasswordVariable} environment variable.");
                default:
                    throw new DuckfaceException($"Unknown connection option '{key}' in the PostgreSQL URL. Known options: {KnownOptions}.");
            }
        }

        builder.SearchPath = schema;
        if (string.IsNullOrEmpty(builder.Password))
        {
            var password = DatabaseLocation.PasswordFromEnvironment(environment)
                ?? (environment is null ? Environment.GetEnvironmentVariable(PasswordVariable)
                    : environment.GetValueOrDefault(PasswordVariable));
            if (!string.IsNullOrEmpty(password))
                builder.Password = password;
        }

        var named = !string.IsNullOrEmpty(builder.Username);
        var user = named ? builder.Username! : Environment.UserName;
        builder.Username = user;
        var server = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
        var given = userInfo.Contains(':', StringComparison.Ordinal) || !string.IsNullOrEmpty(builder.Password);
        if (!given && PgPassFile.Find(builder.Host!, builder.Port, database, user, environment) is { } fromFile)
            (builder.Password, given) = (fromFile, true);
        // a named user with no password from anywhere: asked on a terminal, else the server decides (trust, peer, or refused)
        if (named && !given && PasswordPrompt.For(user, builder.Host!, "postgres|" + server, environment) is { } typed)
            builder.Password = typed;
        var display = builder.Host!.StartsWith('/')
            ? $"postgres://{user}@{Uri.EscapeDataString(builder.Host)}/{database}"
            : $"postgres://{user}@{server}/{database}";
        if (!string.Equals(schema, "public", StringComparison.Ordinal))
            display += "?schema=" + schema;
        return new DatabaseLocation
        {
            Engine = PostgresEngine.Instance,
            ConnectionString = builder.ConnectionString,
            Display = display,
            DatabaseName = database,
            Schema = schema,
            Server = server,
        };
    }

    private static (string Host, int? Port) SplitHostPort(string hostPort, string redacted)
    {
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw new DuckfaceException($"'{redacted}' has an unclosed IPv6 address. Write postgres://user@[::1]:5432/database.");
            var after = hostPort[(close + 1)..];
            return (hostPort[1..close], after.StartsWith(':') ? ParsePort(after[1..], redacted) : null);
        }

        var colon = hostPort.LastIndexOf(':');
        return colon < 0
            ? (Uri.UnescapeDataString(hostPort), null)
            : (Uri.UnescapeDataString(hostPort[..colon]), ParsePort(hostPort[(colon + 1)..], redacted));
    }

    private static int ParsePort(string text, string redacted) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new DuckfaceException($"'{redacted}' has an invalid port '{text}'. Write {Example}.");
}
