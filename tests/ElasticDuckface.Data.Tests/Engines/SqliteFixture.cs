using System.Data.Common;
using System.Security.Cryptography;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>SQLite: every database is a file in a temporary directory, deleted with it.</summary>
public sealed class SqliteFixture : IEngineFixture
{
    private readonly TempDirectory _directory = new();

    /// <summary>SQLite is embedded: it always runs.</summary>
    public static string? SkipReason => null;

    public IDatabaseEngine Engine => SqliteEngine.Instance;

    public IReadOnlyList<string> WriteCounters { get; } = ["file_bytes", "page_count"];

    public string NewDatabaseUrl(string name) => "sqlite:" + _directory.File($"{name}-{Guid.NewGuid().ToString("N")[..6]}.db");

    public Task LoadChinookAsync(string url)
    {
        var path = DatabaseEngines.Parse(url).FilePath!;
        File.Copy(TestFiles.ChinookSqlite, path);
        File.SetAttributes(path, FileAttributes.Normal);
        return Task.CompletedTask;
    }

    public async Task<DbConnection> OpenAsync(string url)
    {
        var connection = new SqliteConnection(DatabaseEngines.Parse(url).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The file's bytes and the names of every file beside it (a journal or WAL left behind is a write too).</summary>
    public async Task<string> FingerprintAsync(string url)
    {
        SqliteConnection.ClearAllPools();
        var path = DatabaseEngines.Parse(url).FilePath!;
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path)));
        return hash + " " + string.Join(",", _directory.Entries());
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
