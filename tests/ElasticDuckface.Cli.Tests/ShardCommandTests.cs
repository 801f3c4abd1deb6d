using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary><c>generate --shard I/N</c> (issue 13): the shards in index order are one unsharded run, byte for byte.</summary>
public sealed class ShardCommandTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    /// <summary>The data lines of a CSV file (after the header), as bytes; the header line separately.</summary>
    private static (byte[] Header, byte[] Body) Split(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var end = Array.IndexOf(bytes, (byte)'\n') + 1;
        return (bytes[..end], bytes[end..]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)] // more shards than MediaType's 5 rows at ×1: some shards hold none of it
    [InlineData(40)] // more shards than Genre's rows too
    public async Task Csv_shards_concatenated_in_index_order_equal_one_unsharded_run_byte_for_byte(int count)
    {
        var emptyShardTables = await AssertShardsAreTheWholeRunAsync(Chinook, count, expectedFiles: 11);
        if (count > 5)
            Assert.True(emptyShardTables > 0, "expected shards that hold no row of a small table");
    }

    [Fact]
    public async Task Csv_shards_of_a_profile_of_several_databases_equal_one_unsharded_run_byte_for_byte()
    {
        // nova and nova_api (ADR 0007): files named database.table, references across the two databases included
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "nova-with-api.json");
        await AssertShardsAreTheWholeRunAsync(profile, 3, expectedFiles: 142);
    }

    [Fact]
    public async Task Database_shards_of_a_profile_of_several_databases_hold_the_whole_runs_rows()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "nova-with-api.json");
        var (code, _, error) = await CliRunner.RunAsync("generate", profile, "--seed", "3", "--target", "nova=" + dir.File("nova.db"),
            "--target", "nova_api=" + dir.File("api.db"), "-q");
        Assert.True(code == 0, error);
        for (var i = 0; i < 2; i++)
        {
            (code, _, error) = await CliRunner.RunAsync("generate", profile, "--seed", "3", "--shard", $"{i}/2",
                "--target", $"nova={dir.File($"nova{i}.db")}", "--target", $"nova_api={dir.File($"api{i}.db")}");
            Assert.True(code == 0, error);
            Assert.Contains($"note: shard {i}/2: tables written without foreign-key constraints", error, StringComparison.Ordinal);
        }

        // shard 0's rows then shard 1's, database by database: the whole run's rows in its order
        List<string> union = [.. await RowsAsync(dir.File("nova0.db"), "instances"), .. await RowsAsync(dir.File("nova1.db"), "instances"),
            .. await RowsAsync(dir.File("api0.db"), "request_specs"), .. await RowsAsync(dir.File("api1.db"), "request_specs")];
        Assert.Equal([.. await RowsAsync(dir.File("nova.db"), "instances"), .. await RowsAsync(dir.File("api.db"), "request_specs")],
            union);
        Assert.Equal(4000, union.Count);
    }

    [Fact]
    public async Task Sql_script_of_a_profile_of_several_databases_is_a_usage_error()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "nova-with-api.json");
        var (code, _, error) = await CliRunner.RunAsync("generate", profile, "--format", "sql", "--out", dir.File("x.sql"), "-q");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--format sql writes the script of one database", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.sql")));
    }

    /// <summary>Generates <paramref name="profile"/> whole and as <paramref name="count"/> CSV shards (seed 5) and checks that
    /// every file's shards in index order are the whole run's file; returns how many (table, shard) pairs held no row.</summary>
    private static async Task<int> AssertShardsAreTheWholeRunAsync(string profile, int count, int expectedFiles)
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("generate", profile, "--seed", "5", "--format", "csv", "--out", dir.File("whole"),
            "-q");
        Assert.True(code == 0, error);
        for (var i = 0; i < count; i++)
        {
            (code, _, error) = await CliRunner.RunAsync("generate", profile, "--seed", "5", "--format", "csv",
                "--out", dir.File("shard" + i), "--shard", $"{i}/{count}", "-q");
            Assert.True(code == 0, error);
        }

        var files = Directory.GetFiles(dir.File("whole")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedFiles, files.Count);
        var emptyShardTables = 0;
        foreach (var file in files)
        {
            var (header, body) = Split(Path.Combine(dir.File("whole"), file!));
            var union = new List<byte>();
            for (var i = 0; i < count; i++)
            {
                var (shardHeader, shardBody) = Split(Path.Combine(dir.File("shard" + i), file!));
                Assert.Equal(header, shardHeader);
                union.AddRange(shardBody);
                emptyShardTables += shardBody.Length == 0 ? 1 : 0;
            }

            Assert.True(body.AsSpan().SequenceEqual(union.ToArray()), $"{file}: the {count} shards differ from the unsharded run");
        }

        return emptyShardTables;
    }

    /// <summary>Every row of a SQLite table in rowid order, its values joined by tabs.</summary>
    private static async Task<List<string>> RowsAsync(string path, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i),
                System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    [Fact]
    public async Task Dry_run_shows_each_tables_slice_and_writes_nothing()
    {
        using var dir = new TempDir();
        var (code, output, error) = await CliRunner.RunAsync("generate", Chinook, "--shard", "1/4", "--dry-run");
        Assert.True(code == 0, error);
        Assert.Contains("Shard 1/4 (0-based index; the 4 shards in index order are one unsharded run): ", output, StringComparison.Ordinal);
        // MediaType has 5 rows: shard 1 of 4 holds [1, 2)
        Assert.Matches(@"\n  MediaType +\[1, 2\)  1 row\n", output);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task A_database_shard_has_no_foreign_keys_and_says_so()
    {
        using var dir = new TempDir();
        var target = dir.File("shard.db");
        var (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--shard", "0/2");
        Assert.True(code == 0, error);
        Assert.Contains("note: shard 0/2: tables written without foreign-key constraints and no orphan check", error,
            StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM pragma_foreign_key_list('Track')), (SELECT count(*) FROM Track)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.Equal(3503L / 2, reader.GetInt64(1));
    }

    [Fact]
    public async Task Shard_with_into_existing_is_a_usage_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("generate", Chinook, "--target", "sqlite:x.db", "--into-existing",
            "--shard", "0/2");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--shard cannot go with --into-existing", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }
}
