namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>Paths to the repository's sample data, and temporary copies that tests may touch.</summary>
internal static class TestFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ChinookSqlite => Path.Combine(RepositoryRoot, "examples", "chinook", "Chinook_Sqlite.sqlite");

    public static string ChinookMySqlScript => Path.Combine(RepositoryRoot, "examples", "chinook", "Chinook_MySql.sql");

    /// <summary>A fresh temporary directory, deleted by <see cref="TempDirectory.Dispose"/>.</summary>
    public static TempDirectory CreateTempDirectory() => new();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElasticDuckface.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find ElasticDuckface.sln above " + AppContext.BaseDirectory);
    }
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "duckface-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

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
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
