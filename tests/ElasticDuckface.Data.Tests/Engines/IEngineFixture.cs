using System.Data.Common;
using ElasticDuckface.Data.Dialects;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// One database engine as <see cref="EngineTests{TFixture}"/> sees it: the engine, fresh databases on it, its Chinook
/// sample, and the few engine-specific things a test needs (a writable connection, a content fingerprint, the names of
/// the status counters that count writes). One instance per test; disposing it removes every database it handed out.
/// </summary>
public interface IEngineFixture : IAsyncDisposable
{
    /// <summary>Why this engine's tests cannot run here (no server installed and CI is not <c>true</c>), or null when they run.</summary>
    static abstract string? SkipReason { get; }

    /// <summary>The engine under test, as registered in <see cref="DatabaseEngines"/>.</summary>
    IDatabaseEngine Engine { get; }

    /// <summary>
    /// The status counters of <see cref="IDatabaseEngine.ReadStatusAsync"/> that grow when anything is written, and
    /// only then (MariaDB <c>Com_insert</c>, ..., SQLite's file size).
    /// </summary>
    IReadOnlyList<string> WriteCounters { get; }

    /// <summary>The URL of a fresh database (or file) named after <paramref name="name"/>, which does not exist yet.</summary>
    string NewDatabaseUrl(string name);

    /// <summary>Creates the database at <paramref name="url"/> (from <see cref="NewDatabaseUrl"/>) holding the engine's Chinook
    /// sample.</summary>
    Task LoadChinookAsync(string url);

    /// <summary>An open read-write ADO.NET connection to the database at <paramref name="url"/>, for a test's own SQL.</summary>
    Task<DbConnection> OpenAsync(string url);

    /// <summary>A text that changes whenever any stored byte of a row, table or index of the database changes.</summary>
    Task<string> FingerprintAsync(string url);
}
