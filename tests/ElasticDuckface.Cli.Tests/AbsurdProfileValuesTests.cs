using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Issue 12, "bad input never crashes": a small real profile edited to hold an absurd value, through <c>generate</c> to
/// SQLite: a refusal is one line naming the problem (the JSON path for profile errors), exit 2, no target file; a profile
/// that still makes sense (a fan-out that cannot sum, a cycle of NOT NULL foreign keys) is written with integrity.
/// </summary>
public sealed class AbsurdProfileValuesTests
{
    private static async Task<JsonNode> ProfileAsync(TempDir dir, string script)
    {
        var source = dir.File("src.db");
        await using (var connection = new SqliteConnection("Data Source=" + source + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync();
        }

        var (code, _, error) = await CliRunner.RunAsync("profile", source, "-o", dir.File("p.json"));
        Assert.True(code == 0, error);
        return JsonNode.Parse(await File.ReadAllTextAsync(dir.File("p.json")))!;
    }

    private const string ParentChild = """
        CREATE TABLE p (id INTEGER PRIMARY KEY, flag BOOLEAN NOT NULL UNIQUE);
        CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p(id), y REAL);
        INSERT INTO p VALUES (1, 0), (2, 1);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
        INSERT INTO c SELECT i, 1 + i % 2, i * 0.5 FROM n;
        """;

    private static JsonNode TableNamed(JsonNode profile, string name) =>
        profile["tables"]!.AsArray().Single(t => (string)t!["name"]! == name)!;

    private static async Task<(int Code, string Error, string Target)> GenerateAsync(TempDir dir, JsonNode profile, params string[] options)
    {
        await File.WriteAllTextAsync(dir.File("edited.json"), profile.ToJsonString());
        var target = dir.File("out.db");
        var (code, _, error) = await CliRunner.RunAsync(["generate", dir.File("edited.json"), "--target", target, .. options]);
        return (code, error, target);
    }

    private static void AssertRefused(int code, string error, string target, string expected)
    {
        Assert.Equal(ExitCodes.InvalidInput, code);
        // progress ("Generating into ...") also goes to stderr: the error itself is one line
        var lines = error.Trim().Split('\n').Where(l => l.StartsWith("duckface: ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, error);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!, "out.db*"));
    }

    [Fact]
    public async Task A_negative_row_count_is_refused_with_its_json_path()
    {
        using var dir = new TempDir();
        var profile = await ProfileAsync(dir, ParentChild);
        TableNamed(profile, "c")["rowCount"] = -5;
        var (code, error, target) = await GenerateAsync(dir, profile);
        AssertRefused(code, error, target, "$.tables[0].rowCount is negative");
    }

    [Fact]
    public async Task NaN_in_a_distribution_is_refused_with_its_json_path()
    {
        using var dir = new TempDir();
        var profile = await ProfileAsync(dir, ParentChild);
        TableNamed(profile, "c")["columns"]![2]!["stats"]!["distribution"]!["mean"] = "NaN";
        var (code, error, target) = await GenerateAsync(dir, profile);
        AssertRefused(code, error, target, "$.tables[0].columns[2].stats.distribution.mean");
    }

    [Fact]
    public async Task A_number_beyond_a_double_is_refused_with_its_json_path()
    {
        using var dir = new TempDir();
        var profile = await ProfileAsync(dir, ParentChild);
        TableNamed(profile, "c")["columns"]![2]!["stats"]!["distribution"]!["mean"] = 424242.5;
        // JsonNode cannot hold an infinity: the literal goes into the text, where System.Text.Json would read it as one
        var json = profile.ToJsonString().Replace("424242.5", "1e999", StringComparison.Ordinal);
        await File.WriteAllTextAsync(dir.File("edited.json"), json);
        var target = dir.File("out.db");
        var (code, _, error) = await CliRunner.RunAsync(["generate", dir.File("edited.json"), "--target", target]);
        AssertRefused(code, error, target, "$.tables[0].columns[2].stats.distribution.mean");
    }

    [Fact]
    public async Task A_unique_boolean_asked_for_a_thousand_times_its_rows_is_refused_before_anything_is_written()
    {
        using var dir = new TempDir();
        var profile = await ProfileAsync(dir, ParentChild);
        var (code, error, target) = await GenerateAsync(dir, profile, "--scale", "1000");
        AssertRefused(code, error, target, "Column p.flag (BOOLEAN) is unique but can hold only 2 distinct values, "
            + "fewer than the 2000 rows planned; use a smaller --scale or --scale-table p=FACTOR");
    }

    [Fact]
    public async Task A_fan_out_that_cannot_sum_and_a_cycle_of_not_null_foreign_keys_are_written_with_integrity()
    {
        using var dir = new TempDir();
        var profile = await ProfileAsync(dir, ParentChild);
        // 50 parents with 10 children each: neither the 2 parents nor the 20 children of the tables
        TableNamed(profile, "c")["foreignKeys"]![0]!["stats"]!["histogram"] = JsonNode.Parse("""[{"children": 10, "parents": 50}]""");
        var (code, error, target) = await GenerateAsync(dir, profile);
        Assert.True(code == 0, error);
        await AssertNoOrphansAsync(target, "SELECT COUNT(*) FROM c WHERE p_id NOT IN (SELECT id FROM p)");

        using var cycle = new TempDir();
        var cyclic = await ProfileAsync(cycle, """
            PRAGMA foreign_keys = OFF;
            CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER NOT NULL REFERENCES b(id));
            CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a(id));
            INSERT INTO a VALUES (1, 1), (2, 2), (3, 1);
            INSERT INTO b VALUES (1, 1), (2, 2), (3, 3);
            """);
        (code, error, target) = await GenerateAsync(cycle, cyclic, "--scale", "10");
        Assert.True(code == 0, error);
        await AssertNoOrphansAsync(target, "SELECT (SELECT COUNT(*) FROM a WHERE b_id NOT IN (SELECT id FROM b))"
            + " + (SELECT COUNT(*) FROM b WHERE a_id NOT IN (SELECT id FROM a))");
    }

    private static async Task AssertNoOrphansAsync(string target, string sql)
    {
        await using var connection = new SqliteConnection("Data Source=" + target + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
