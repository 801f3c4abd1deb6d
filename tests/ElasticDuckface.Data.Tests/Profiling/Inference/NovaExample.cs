using System.Text.RegularExpressions;
using Dapper;
using ElasticDuckface.Data.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

/// <summary>
/// Builds examples/nova (schema.sql + seed.sql, what build.sh does, without the sqlite3 shell) into a SQLite file,
/// optionally with every FOREIGN KEY clause dropped: a Nova-shaped database whose references are all undeclared.
/// </summary>
internal static partial class NovaExample
{
    public static async Task<string> BuildAsync(string path, bool dropForeignKeys)
    {
        var schema = await File.ReadAllTextAsync(RepositoryFiles.Path("examples/nova/schema.sql"));
        if (dropForeignKeys)
            schema = InlineReference().Replace(ConstraintClause().Replace(schema, ""), "");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync(schema);
        await connection.ExecuteAsync(await File.ReadAllTextAsync(RepositoryFiles.Path("examples/nova/seed.sql")));
        return path;
    }

    /// <summary>The (child, column, parent, parent column) of every declared single-column foreign key of a SQLite file.</summary>
    public static async Task<HashSet<string>> DeclaredAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        var rows = await connection.QueryAsync<string>(
            "SELECT m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || f.\"to\" FROM sqlite_master m, "
            + "pragma_foreign_key_list(m.name) f WHERE m.type = 'table'");
        return [.. rows];
    }

    [GeneratedRegex(@",\s*\n\s*CONSTRAINT \w+ FOREIGN KEY \([^)]*\) REFERENCES \w+ \([^)]*\)")]
    private static partial Regex ConstraintClause();

    [GeneratedRegex(@"\s+REFERENCES \w+ \(\w+\)")]
    private static partial Regex InlineReference();
}

/// <summary>The example built once per test class, with and without its foreign keys (read only by the tests).</summary>
public sealed class NovaExampleFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = TestFiles.CreateTempDirectory();

    /// <summary>The example as build.sh makes it.</summary>
    public string Declared { get; private set; } = "";

    /// <summary>The example without any FOREIGN KEY clause.</summary>
    public string Bare { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Declared = await NovaExample.BuildAsync(_dir.File("nova.db"), dropForeignKeys: false);
        Bare = await NovaExample.BuildAsync(_dir.File("bare.db"), dropForeignKeys: true);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
