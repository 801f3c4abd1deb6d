using System.Globalization;
using ElasticDuckface.Data.Connections;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// <c>mysql://user:password@host:port/database?socket=/run/mysqld/mysqld.sock&amp;ssl-mode=none</c> (also <c>mariadb://</c>)
/// into a connection string.
/// </summary>
internal static class MySqlLocation
{
    public static DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment)
    {
        // the user info is split off first: Uri would cut a password at its first '@' or '#' (issue 12)
        var (user, password, rest) = DatabaseLocation.SplitUserInfo(text);
        if (!Uri.TryCreate(rest, UriKind.Absolute, out var uri))
            throw new DuckfaceException(
                $"'{DatabaseLocation.Redact(text)}' is not a valid URL. Write mysql://user:password@host:port/database.");
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

        builder.UserID = string.IsNullOrEmpty(user) ? "root" : user;
        if (password is not null)
            builder.Password = password;

        if (string.IsNullOrEmpty(builder.Password))
        {
            var env = DatabaseLocation.PasswordFromEnvironment(environment);
            if (!string.IsNullOrEmpty(env))
                builder.Password = env;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
            throw new DuckfaceException(
                $"'{DatabaseLocation.Redact(text)}' names no database. Add it to the path: mysql://user@host:port/DATABASE.");
        if (database.Contains('/', StringComparison.Ordinal))
            throw new DuckfaceException(
                $"'{DatabaseLocation.Redact(text)}' has more than one path segment. Write mysql://user@host:port/DATABASE.");
        builder.Database = database;

        string? defaultsFile = null;
        foreach (var (key, value) in DatabaseLocation.ParseQuery(uri.Query))
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
                        _ => throw new DuckfaceException(
                            $"Unknown ssl-mode '{value}'. Use none, preferred, required, verify-ca or verify-full."),
                    };
                    break;
                case "ssl-ca" or "sslca":
                    builder.SslCa = value;
                    break;
                case "defaults-file":
                    defaultsFile = value;
                    break;
                case "connect-timeout" or "timeout":
                    builder.ConnectionTimeout = uint.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "password":
                    throw new DuckfaceException("Do not put the password in a query parameter. "
                        + "Use mysql://user:password@host/db or the DUCKFACE_PASSWORD environment variable.");
                default:
                    throw new DuckfaceException(
                        $"Unknown connection option '{key}' in the MySQL URL. Known options: socket, ssl-mode, ssl-ca, defaults-file, "
                        + "connect-timeout.");
            }
        }

        // the option file comes last: the URL's user and password, then DUCKFACE_PASSWORD, win over it
        var named = !string.IsNullOrEmpty(user);
        var given = password is not null || !string.IsNullOrEmpty(builder.Password);
        if (MySqlOptionFile.Find(defaultsFile, environment) is { } options)
        {
            if (!named && options.Value("user") is { Length: > 0 } fileUser)
                (builder.UserID, named) = (fileUser, true);
            if (!given && options.Value("password") is { } filePassword)
                (builder.Password, given) = (filePassword, true);
        }

        var server = builder.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket ? builder.Server : $"{builder.Server}:{builder.Port}";
        // a named user with no password from anywhere: asked on a terminal (PasswordPrompt), else the server decides
        if (named && !given && PasswordPrompt.For(builder.UserID, builder.Server, "mysql|" + server, environment) is { } typed)
            builder.Password = typed;
        return new DatabaseLocation
        {
            Engine = MySqlEngine.Instance,
            ConnectionString = builder.ConnectionString,
            Display = $"mysql://{builder.UserID}@{server}/{database}",
            DatabaseName = database,
            Server = server,
        };
    }
}
