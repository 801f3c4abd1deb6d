using ElasticDuckface.Data.Connections;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// What <c>duckface sweep</c> needs of a server beyond <see cref="IDatabaseEngine"/>: throwaway databases of its own,
/// the credentials a user's command gets (through the engine's own mechanism, never a command line), a cache flush, and
/// which of the server's counters are a command's cost. One implementation per engine folder.
/// </summary>
public interface IScratchServer
{
    /// <summary>The URL of database <paramref name="name"/> on the server of <paramref name="serverUrl"/> (which may name
    /// another database or none), keeping its credentials and options.</summary>
    string DatabaseUrl(string serverUrl, string name);

    /// <summary>Creates the database, failing when it exists already: a sweep never adopts a database it did not create.</summary>
    /// <exception cref="DatabaseOperationException">It exists, or cannot be created.</exception>
    Task CreateNewAsync(DatabaseLocation database, CancellationToken cancellationToken);

    /// <summary>The databases of the server whose names start with <paramref name="prefix"/>, sorted.</summary>
    Task<IReadOnlyList<string>> ListDatabasesAsync(DatabaseLocation server, string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the files a client needs to reach <paramref name="database"/> into <paramref name="directory"/> (a MySQL
    /// option file, a PostgreSQL password file; readable by the owner only) and returns the environment that points at
    /// them, with <c>DUCKFACE_HOST</c>, <c>DUCKFACE_PORT</c> and <c>DUCKFACE_USER</c>. No value holds the password.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> PrepareClientAsync(DatabaseLocation database, string directory,
        CancellationToken cancellationToken);

    /// <summary>
    /// How long to wait between two reads of the counters when waiting for the server to be quiet: longer than the engine
    /// takes to publish a finished session's counters (PostgreSQL flushes a session's statistics at most once a second).
    /// </summary>
    TimeSpan QuietInterval { get; }

    /// <summary>
    /// Does now, after the fill, the statistics work a server would otherwise do in the background while the measured
    /// command runs (PostgreSQL's autovacuum and autoanalyze, InnoDB's automatic statistics recalculation).
    /// </summary>
    Task SettleAsync(DatabaseLocation database, CancellationToken cancellationToken);

    /// <summary>Flushes what the engine allows before a cold run; returns what it did, in words.</summary>
    Task<string> FlushCachesAsync(DatabaseLocation database, CancellationToken cancellationToken);

    /// <summary>
    /// A command's cost from the counters read before and after it (<see cref="IDatabaseEngine.ReadStatusAsync"/>): the
    /// increase of each counter that measures work, and <c>rows_read</c> when the engine counts rows read.
    /// </summary>
    IReadOnlyDictionary<string, double> Measures(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after);
}
