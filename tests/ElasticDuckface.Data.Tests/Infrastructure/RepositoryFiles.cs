namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>Finds files of the repository (examples, profiles) from the test's output directory.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root: the first directory above the test binaries that holds ElasticDuckface.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path below the repository root, from '/'-separated parts.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root,
        relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ElasticDuckface.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"ElasticDuckface.sln not found above {AppContext.BaseDirectory}.");
    }
}
