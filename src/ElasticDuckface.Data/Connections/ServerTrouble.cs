namespace ElasticDuckface.Data.Connections;

/// <summary>What kind of server trouble an exception reports, as far as a retry is concerned (issue 12).</summary>
internal enum ServerTrouble
{
    /// <summary>Not trouble a retry can cure (a syntax error, a refused value, a wrong password).</summary>
    None,

    /// <summary>The server does not answer yet: refused, unreachable, starting up or shutting down, out of connections.</summary>
    Unreachable,

    /// <summary>An open connection died (server restart, network): the session's state is gone with it.</summary>
    ConnectionLost,

    /// <summary>The server chose this session as a deadlock victim and rolled its statement (or transaction) back.</summary>
    Deadlock,

    /// <summary>A lock was not granted in time; the statement was rolled back and the session lives on.</summary>
    LockTimeout,
}
