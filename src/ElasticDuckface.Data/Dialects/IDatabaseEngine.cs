using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// Everything duckface does with one database engine: parse its URLs, map its types, read it without writing, write
/// generated rows into it, and the server operations that runs need. One implementation per engine folder
/// (<c>Dialects/Sqlite</c>, <c>Dialects/MySql</c>, <c>Dialects/Postgres</c>), registered in <see cref="DatabaseEngines"/>.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>The name written into profiles as their source dialect, e.g. <c>mysql</c>.</summary>
    string Name { get; }

    /// <summary>The URL schemes this engine answers, without <c>://</c> (e.g. <c>mysql</c>, <c>mariadb</c>).</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>An example URL for messages and help, e.g. <c>mysql://user@host:port/database</c>.</summary>
    string UrlExample { get; }

    /// <summary>Reads this engine's declared types into engine-neutral ones.</summary>
    IColumnTypeMap Types { get; }

    /// <summary>Parses a URL of one of <see cref="Schemes"/>.</summary>
    /// <exception cref="DuckfaceException">The URL is malformed or has an unknown option.</exception>
    DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment);

    /// <summary>Opens a database for reading only (read-only mode or a read-only snapshot transaction).</summary>
    /// <exception cref="DatabaseOperationException">It cannot be reached, opened or read.</exception>
    Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>Opens a writer that creates the profile's schema in the target and loads generated rows.</summary>
    /// <exception cref="DuckfaceException">The target cannot be created, or is not empty without
    /// <see cref="WriterOptions.Replace"/>.</exception>
    Task<IDatabaseWriter> OpenWriterAsync(DatabaseLocation location, WriterOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses, before the target is opened (nothing created, nothing written), a profile whose columns this engine cannot
    /// write (issue 12: a type duckface cannot generate values of), in one line naming table.column and the type. The default
    /// refuses nothing; the writer checks again when its schema is created.
    /// </summary>
    /// <exception cref="DuckfaceException">A column cannot be written (exit code: invalid input).</exception>
    void RefuseUnwritable(IReadOnlyList<TableProfile> tables, WriterOptions options)
    {
    }

    /// <summary>Whether the database (or file) exists, and for an engine with schemas, the location's schema in it.</summary>
    /// <exception cref="DatabaseOperationException">The server cannot be reached.</exception>
    Task<bool> ExistsAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a single-column integer primary key that an INSERT leaves out is numbered by the engine even without an
    /// auto-increment flag (SQLite's rowid alias): <c>--into-existing</c> then need not refuse such a column the profile lacks.
    /// </summary>
    bool NumbersIntegerPrimaryKeys => false;

    /// <summary>Creates the database (or file) when it does not exist.</summary>
    Task CreateDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>Drops the database (or deletes the file) when it exists.</summary>
    Task DropDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>The tables the database holds, sorted; empty when it does not exist or holds none.</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// The server's cumulative counters (MySQL <c>SHOW GLOBAL STATUS</c>, PostgreSQL <c>pg_stat_database</c>, SQLite's
    /// page counts), by name: a run reads them before and after to tell what a step cost the server.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> ReadStatusAsync(DatabaseLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// The staging areas that interrupted generate runs left for this target (MySQL staging databases, SQLite
    /// <c>.partial-PID</c> files): <c>verify</c> calls the target an incomplete run while one exists. The default is none,
    /// for an engine that writes in place.
    /// </summary>
    Task<IReadOnlyList<string>> FindStagingAreasAsync(DatabaseLocation location, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// Removes the staging areas of <see cref="FindStagingAreasAsync"/> that no running generate holds (<c>duckface clean</c>):
    /// nothing else is touched. A run in progress into the target (its lock held, its process alive) keeps its own, which
    /// are reported in <see cref="StagingCleanup.InUse"/>. With <paramref name="dryRun"/> nothing is removed.
    /// </summary>
    /// <exception cref="DatabaseOperationException">The server cannot be reached, or a drop failed.</exception>
    Task<StagingCleanup> CleanStagingAreasAsync(DatabaseLocation location, bool dryRun, CancellationToken cancellationToken) =>
        Task.FromResult(StagingCleanup.None);

    /// <summary>What <c>duckface sweep</c> needs of this engine's server, or null when it cannot be swept.</summary>
    IScratchServer? Scratch => null;

    /// <summary>
    /// The identity of the database at <paramref name="location"/> as the engine sees it, so that one database reached by
    /// two spellings (a symlink, <c>localhost</c> and <c>127.0.0.1</c>) is recognised as one. Only its salted hash is ever
    /// stored (<see cref="SourceFingerprint"/>); a profile's source is never a generate target unless the user insists.
    /// </summary>
    /// <remarks>
    /// The default is the engine name, server (host and port, or socket) and database and schema names from the URL: an
    /// engine that can ask the server who it is (MySQL's <c>@@hostname</c>, <c>@@port</c>, <c>@@datadir</c>) overrides it.
    /// </remarks>
    Task<string> ReadIdentityAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult(string.Join('|', Name, location.Server ?? location.FilePath ?? "",
            location.DatabaseName ?? "", location.Schema ?? ""));
    }
}
