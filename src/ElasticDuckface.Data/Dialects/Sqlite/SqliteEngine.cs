using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>SQLite, the embedded default: a database is a file, so "server" operations work on the file.</summary>
public sealed class SqliteEngine : IDatabaseEngine
{
    private SqliteEngine()
    {
    }

    /// <inheritdoc/>
    public IScratchServer Scratch => SqliteScratchServer.Instance;

    /// <summary>The one instance.</summary>
    public static SqliteEngine Instance { get; } = new();

    /// <summary>The retry policy (<see cref="ServerRetry"/>) for SQLite: another process holding the file's lock
    /// (<c>SQLITE_BUSY</c>, <c>SQLITE_LOCKED</c>) is a lock timeout.</summary>
    internal static ServerRetry Retry { get; } = new(ex => ex is SqliteException { SqliteErrorCode: 5 or 6 } ? ServerTrouble.LockTimeout
        : ServerTrouble.None);

    /// <inheritdoc/>
    public string Name => "sqlite";

    /// <inheritdoc/>
    public IReadOnlyList<string> Schemes { get; } = ["sqlite"];

    /// <inheritdoc/>
    public string UrlExample => "sqlite:PATH";

    /// <summary>Every SQLite integer is stored in up to 64 bits whatever its declared name (INT, TINYINT, ...); a
    /// date-time is text, which keeps the microseconds the other engines write.</summary>
    public IColumnTypeMap Types { get; } = new NamedColumnTypeMap(new Dictionary<string, int>(StringComparer.Ordinal))
    {
        UndeclaredSecondDigits = FractionDigits.Max,
    };

    /// <inheritdoc/>
    public DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        var path = text;
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            path = text["sqlite:".Length..];
            // sqlite:///abs/path and sqlite://rel are accepted as well as sqlite:PATH
            if (path.StartsWith("//", StringComparison.Ordinal))
                path = path[2..];
            if (path.TrimStart('/').Length == 0)
                path = "";
        }

        if (string.IsNullOrWhiteSpace(path))
            throw new DuckfaceException("The SQLite location has no file path. Write sqlite:PATH or just PATH.");
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false };
        return new DatabaseLocation
        {
            Engine = this, ConnectionString = builder.ConnectionString, Display = $"sqlite:{full}", FilePath = full,
        };
    }

    /// <inheritdoc/>
    public Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken) =>
        SqliteSource.OpenAsync(location, cancellationToken);

    /// <inheritdoc/>
    public async Task<IDatabaseWriter> OpenWriterAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken) =>
        options is { Mode: TargetMode.IntoExisting }
            ? await SqliteExistingWriter.OpenAsync(location, options, cancellationToken).ConfigureAwait(false)
            : await SqliteWriter.CreateAsync(location, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether the file exists.</summary>
    public Task<bool> ExistsAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult(File.Exists(location.FilePath));
    }

    /// <summary>An <c>INTEGER PRIMARY KEY</c> is the rowid: SQLite numbers it when an INSERT leaves it out.</summary>
    public bool NumbersIntegerPrimaryKeys => true;

    /// <summary>
    /// An integer column whose profiled values pass 2^63 − 1 (a MySQL BIGINT UNSIGNED near 2^64) is refused before the file is
    /// made: SQLite's integers are signed 64-bit, and it would store such values as REAL, rounded. An existing schema's
    /// columns are its own (a TEXT column holds them).
    /// </summary>
    public void RefuseUnwritable(IReadOnlyList<TableProfile> tables, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != TargetMode.Create)
            return;
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(c => c.Category == ColumnCategory.Integer && ProfiledIntegers.BeyondInt64(c)))
            {
                throw new DuckfaceException($"Column {table.Name}.{column.Name} ({column.SqlType}) holds integers above "
                    + "2^63 − 1, and SQLite's integers stop there (it would store them as rounded REAL values): generate into "
                    + "MySQL/MariaDB or PostgreSQL, or files (--format csv|parquet). Nothing was written.");
            }
        }
    }

    /// <summary>Nothing to do: the writer creates the file.</summary>
    public Task CreateDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DropDatabaseAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        foreach (var suffix in (string[])["", "-journal", "-wal", "-shm"])
            OutputFiles.TryDelete(location.FilePath + suffix);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListTablesAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!File.Exists(location.FilePath) || new FileInfo(location.FilePath).Length == 0)
            return [];
        var source = await OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            return await source.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>sqlite|</c> and the file's canonical path, every symbolic link on the way resolved (.NET exposes no inode; a hard
    /// link or a second mount of the same file is not recognised, see docs/reliability.md).
    /// </summary>
    public Task<string> ReadIdentityAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult("sqlite|" + CanonicalPath(location.FilePath!));
    }

    /// <summary>The absolute path with every symbolic link resolved, component by component (the file need not exist).</summary>
    internal static string CanonicalPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            var target = info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
            current = target is null ? next : Path.GetFullPath(target.FullName);
        }

        return current;
    }

    /// <summary>The <c>&lt;file&gt;.partial-PID</c> files of killed runs next to the target (a run in progress has one too).</summary>
    public Task<IReadOnlyList<string>> FindStagingAreasAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult(OutputFiles.PartialFiles(location.FilePath!));
    }

    /// <summary>Deletes the <c>.partial-PID</c> files (and journals) of killed runs; a live run's file is kept.</summary>
    public Task<StagingCleanup> CleanStagingAreasAsync(DatabaseLocation location, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Task.FromResult(SqliteWriter.RemoveStale(location.FilePath!, dryRun));
    }

    /// <summary>The file's page count and page size: SQLite has no server counters.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadStatusAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(location.FilePath))
            return result;
        result["file_bytes"] = new FileInfo(location.FilePath).Length;
        var source = await OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            result["page_count"] = await source.Connection.ExecuteScalarAsync<long>("PRAGMA page_count").ConfigureAwait(false);
            result["page_size"] = await source.Connection.ExecuteScalarAsync<long>("PRAGMA page_size").ConfigureAwait(false);
        }

        return result;
    }
}
