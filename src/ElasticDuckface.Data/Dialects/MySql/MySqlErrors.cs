using ElasticDuckface.Data.Connections;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Turns MySqlConnector failures into one-line <see cref="DatabaseOperationException"/>s that name the fix, never the
/// password.
/// </summary>
internal static class MySqlErrors
{
    /// <summary>The retry policy (<see cref="ServerRetry"/>) with MySQL's reading of its errors.</summary>
    public static ServerRetry Retry { get; } = new(Trouble);

    /// <summary>What a MySqlConnector error says for a retry (server error codes; broken sockets are read by
    /// <see cref="ServerRetry"/>).</summary>
    public static ServerTrouble Trouble(Exception ex) => ex is MySqlException mex
        ? mex.ErrorCode switch
        {
            MySqlErrorCode.LockDeadlock or MySqlErrorCode.XARBDeadlock => ServerTrouble.Deadlock,
            MySqlErrorCode.LockWaitTimeout => ServerTrouble.LockTimeout,
            MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown or MySqlErrorCode.NormalShutdown
                or MySqlErrorCode.ConnectionCountError => ServerTrouble.Unreachable,
            _ => ServerTrouble.None,
        }
        : ServerTrouble.None;

    /// <summary>Whether <paramref name="ex"/> is how opening a connection fails (server, network, TLS, timeout).</summary>
    public static bool IsOpenFailure(Exception ex) =>
        ex is MySqlException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException;

    public static DatabaseOperationException ForOpen(DatabaseLocation location, Exception ex)
    {
        var where = location.Display;
        var server = location.Server ?? "the server";
        var database = location.DatabaseName ?? "";
        var code = ex is MySqlException mex ? mex.ErrorCode : MySqlErrorCode.UnableToConnectToHost;
        var message = code switch
        {
            MySqlErrorCode.UnableToConnectToHost =>
                $"Cannot reach the MySQL server at {server} ({where}, retried for about 8 s): is the server running? "
                + "Check the host, port or socket in the URL.",
            MySqlErrorCode.AccessDenied =>
                $"Access denied at {where}: wrong user or password. "
                + $"Put the password in the URL, in the {DatabaseLocation.PasswordVariable} environment variable or in an option file "
                + "(~/.my.cnf or ?defaults-file=PATH, [client] password=...), or run on a terminal to be asked for it.",
            MySqlErrorCode.UnknownDatabase =>
                $"Database '{database}' does not exist on {server} ({where}). Check the database name in the URL.",
            MySqlErrorCode.DatabaseAccessDenied =>
                $"The user may not open database '{database}' at {where}. Check the database name, or grant the user SELECT on it.",
            MySqlErrorCode.TooManyUserConnections or MySqlErrorCode.ConnectionCountError =>
                $"The MySQL server at {server} refuses more connections ({where}). Retry later or raise max_connections.",
            _ => $"Cannot open {where}: {OneLine(ex.Message)} Check the URL and the server.",
        };
        return new DatabaseOperationException(message, ex);
    }

    /// <summary>A server message squeezed onto one line, ending with a full stop.</summary>
    public static string OneLine(string message)
    {
        var parts = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = string.Join(' ', parts).Trim();
        return line.EndsWith('.') ? line : line + ".";
    }
}
