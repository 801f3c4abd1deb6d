namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>Paths to the repository's sample data, and temporary directories that tests may touch.</summary>
internal static class TestFiles
{
    public static string RepositoryRoot => RepositoryFiles.Root;

    public static string ChinookSqlite => RepositoryFiles.Path("examples/chinook/Chinook_Sqlite.sqlite");

    /// <summary>A fresh temporary directory, deleted by <see cref="TempDirectory.Dispose"/>.</summary>
    public static TempDirectory CreateTempDirectory() => new();
}

/// <summary>A unique directory under the system temp path, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
        "duckface-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>Copies the Chinook SQLite file here (writable) and returns its path.</summary>
    public string CopyChinook(string name = "chinook.db")
    {
        var target = File(name);
        System.IO.File.Copy(TestFiles.ChinookSqlite, target);
        System.IO.File.SetAttributes(target, FileAttributes.Normal);
        return target;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(Path))
                Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
