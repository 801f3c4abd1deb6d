using System.Net.Sockets;
using ElasticDuckface.Data.Connections;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>Turns Npgsql failures into one-line <see cref="DatabaseOperationException"/>s that name the fix, never the password.</summary>
internal static class PostgresErrors
{
    private const string PasswordFix =
        $"Put the password in the URL, in {DatabaseLocation.PasswordVariable} or PGPASSWORD, or in ~/.pgpass (or PGPASSFILE), "
        + "or run on a terminal to be asked for it.";

    /// <summary>The retry policy (<see cref="ServerRetry"/>) with PostgreSQL's reading of its errors.</summary>
    public static ServerRetry Retry { get; } = new(Trouble);

    /// <summary>What an Npgsql error says for a retry, by SQLSTATE (broken sockets are read by <see cref="ServerRetry"/>).</summary>
    public static ServerTrouble Trouble(Exception ex) => (ex as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure => ServerTrouble.Deadlock,
        PostgresErrorCodes.LockNotAvailable => ServerTrouble.LockTimeout,
        // starting up, shutting down (a restart), out of connections
        PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.TooManyConnections => ServerTrouble.Unreachable,
        _ => ServerTrouble.None,
    };

    /// <summary>Whether an exception is one that opening a connection can throw for a reason outside the tool.</summary>
    public static bool IsOpenFailure(Exception ex) =>
        ex is NpgsqlException or IOException or TimeoutException or SocketException
            or System.Security.Authentication.AuthenticationException;

    public static DatabaseOperationException ForOpen(DatabaseLocation location, Exception ex)
    {
        var where = location.Display;
        var server = location.Server ?? "the server";
        var database = location.DatabaseName ?? "";
        var state = (ex as PostgresException)?.SqlState;
        var message = state switch
        {
            "28P01" =>
                $"Access denied at {where}: wrong user or password. {PasswordFix}",
            "28000" =>
                $"The server at {server} refuses the login ({where}): {OneLine(ex.Message)} Check the user, or the server's pg_hba.conf.",
            "3D000" =>
                $"Database '{database}' does not exist on {server} ({where}). Check the database name in the URL.",
            "42501" =>
                $"Permission denied at {where}: {OneLine(ex.Message)} "
                + "Grant the user CONNECT on the database (and USAGE, SELECT on the schema).",
            "53300" =>
                $"The PostgreSQL server at {server} refuses more connections ({where}). Retry later or raise max_connections.",
            "57P03" =>
                $"The PostgreSQL server at {server} is starting up or shutting down ({where}). Retry in a moment.",
            _ when TlsFailure(ex) is { } tls =>
                $"The TLS handshake with {server} failed ({where}): {OneLine(tls.Message)} Check sslrootcert= (the CA file that "
                + "signed the server's certificate), sslmode (verify-full also checks the host name) and the server's certificate.",
            _ when ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase) && state is null =>
                $"The server at {where} asks for a password and none was given. {PasswordFix}",
            null =>
                $"Cannot reach the PostgreSQL server at {server} ({where}, retried for about 8 s): is the server running? "
                + "Check the host, port or socket directory in the URL.",
            _ => $"Cannot open {where}: {OneLine(ex.Message)} Check the URL and the server.",
        };
        return new DatabaseOperationException(message, ex);
    }

    /// <summary>The certificate or TLS failure inside <paramref name="ex"/>, if that is why the connection failed.</summary>
    private static System.Security.Authentication.AuthenticationException? TlsFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException tls)
                return tls;
        }

        return null;
    }

    /// <summary>A server message squeezed onto one line, ending with a full stop (the MySQL wording, shared).</summary>
    public static string OneLine(string message) => MySql.MySqlErrors.OneLine(message);
}
