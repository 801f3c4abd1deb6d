using ElasticDuckface.Data.Connections;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// SQLite for <c>duckface sweep</c>: the "server" is a folder (<c>sqlite:DIR</c>) and each database a new file in it;
/// no credentials, no cache to flush, and the file's growth as the counters.
/// </summary>
internal sealed class SqliteScratchServer : IScratchServer
{
    public static SqliteScratchServer Instance { get; } = new();

    /// <summary>The file's size is what it is.</summary>
    public TimeSpan QuietInterval => TimeSpan.Zero;

    public string DatabaseUrl(string serverUrl, string name)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        var folder = serverUrl.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? serverUrl["sqlite:".Length..] : serverUrl;
        return "sqlite:" + Path.Combine(Path.GetFullPath(folder.Length == 0 ? "." : folder), name + ".sqlite");
    }

    public Task CreateNewAsync(DatabaseLocation database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        // the writer creates the file; an existing one is someone else's
        if (File.Exists(database.FilePath))
            throw new DatabaseOperationException($"Cannot create {database.Display}: the file exists already.");
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListDatabasesAsync(DatabaseLocation server, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var folder = Path.GetDirectoryName(server.FilePath!)!;
        IReadOnlyList<string> names = Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, prefix + "*.sqlite").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!]
            : [];
        return Task.FromResult(names);
    }

    public Task<IReadOnlyDictionary<string, string>> PrepareClientAsync(DatabaseLocation database, string directory,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DUCKFACE_HOST"] = "", ["DUCKFACE_PORT"] = "", ["DUCKFACE_USER"] = "",
        });

    /// <summary>Nothing: SQLite does no work in the background.</summary>
    public Task SettleAsync(DatabaseLocation database, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> FlushCachesAsync(DatabaseLocation database, CancellationToken cancellationToken) =>
        Task.FromResult("nothing: SQLite has no server cache (the OS page cache is not dropped)");

    public IReadOnlyDictionary<string, double> Measures(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Where(p => p.Key != "page_size")
            .ToDictionary(p => p.Key, p => (double)(p.Value - before.GetValueOrDefault(p.Key)), StringComparer.Ordinal);
    }
}
