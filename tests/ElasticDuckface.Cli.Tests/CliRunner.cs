using System.CommandLine;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Invokes the real command tree with captured output.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None,
        args);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellationToken,
        params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var code = await CliApp.InvokeAsync(args, config, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ChinookSqlite => Path.Combine(RepositoryRoot, "examples", "chinook", "Chinook_Sqlite.sqlite");

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

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
        "duckface-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public TempDir() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string CopyChinook()
    {
        var target = File("chinook.db");
        System.IO.File.Copy(CliRunner.ChinookSqlite, target);
        System.IO.File.SetAttributes(target, FileAttributes.Normal);
        return target;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
