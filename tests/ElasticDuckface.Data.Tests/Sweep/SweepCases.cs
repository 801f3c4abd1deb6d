using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Sweep;

/// <summary>What the sweep tests share: a one-table profile that grows with scale, requests, and the leftover check.</summary>
internal static class SweepCases
{
    /// <summary>The scales of the growth tests: 30× apart, 1,000 to 30,000 rows.</summary>
    public static readonly double[] Scales = [1, 3, 10, 30];

    private static readonly Lazy<Task<DatabaseProfile>> s_profile = new(CreateProfileAsync);

    /// <summary>A profile of one table <c>items(id, name, price)</c> with 1,000 rows.</summary>
    public static Task<DatabaseProfile> ProfileAsync() => s_profile.Value;

    public static async Task<SweepRequest> RequestAsync(string server, string run, TempDirectory work, double[]? scales = null) => new()
    {
        Profile = await ProfileAsync(),
        ProfileName = "items.json",
        Server = server,
        Scales = scales ?? Scales,
        Options = new ScaleOptions(),
        Run = run,
        WorkingDirectory = work.Path,
    };

    /// <summary>The server's databases named like a sweep's (<c>duckface_sweep_*</c>).</summary>
    public static Task<IReadOnlyList<string>> SweepDatabasesAsync(DatabaseLocation anyDatabase) =>
        anyDatabase.Engine.Scratch!.ListDatabasesAsync(anyDatabase, SweepServer.NamePrefix, CancellationToken.None);

    /// <summary>Runs a sweep, cancelled as soon as --run has started.</summary>
    public static async Task<Exception?> CancelDuringRunAsync(SweepRequest request)
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(line =>
        {
            if (line.EndsWith(": --run", StringComparison.Ordinal))
                cts.CancelAfter(500);
        });
        return await Record.ExceptionAsync(() => SweepRun.RunAsync(request, progress, cts.Token));
    }

    private static async Task<DatabaseProfile> CreateProfileAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "duckface-sweep-items-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                INSERT INTO items SELECT i, 'item ' || (i * 7919 % 1000), i % 97 FROM n;
                """;
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            return await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread.</summary>
internal sealed class SyncProgress(Action<string> action) : IProgress<string>
{
    public List<string> Lines { get; } = [];

    public void Report(string value)
    {
        lock (Lines)
            Lines.Add(value);
        action(value);
    }
}
