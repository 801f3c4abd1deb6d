using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary><c>profile --infer-fks</c> and <c>--fks FILE</c> (issue 10) end to end: evidence, profile, review file errors.</summary>
public sealed class InferFksCommandTests
{
    /// <summary>Chinook plus a table whose <c>track_id</c> refers to <c>Track.TrackId</c> without declaring it.</summary>
    private static async Task<string> ChinookWithUndeclaredReferenceAsync(TempDir dir)
    {
        var db = dir.CopyChinook();
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "CREATE TABLE Review (ReviewId INTEGER PRIMARY KEY, track_id INTEGER NOT NULL, stars INTEGER); "
            + "INSERT INTO Review (track_id, stars) SELECT TrackId, TrackId % 5 FROM Track WHERE TrackId % 7 = 0;";
        await command.ExecuteNonQueryAsync();
        return db;
    }

    [Fact]
    public async Task Infer_fks_prints_the_evidence_as_a_review_file_and_keeps_the_reference_undeclared()
    {
        using var dir = new TempDir();
        var db = await ChinookWithUndeclaredReferenceAsync(dir);

        var (code, output, _) = await CliRunner.RunAsync("profile", db, "--infer-fks", "-o", dir.File("p.json"), "-q");

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "# undeclared references: 1 accepted, 0 rejected, 0 pairs of columns compared on data alone share no value (not listed)",
                "accept Review.track_id -> Track.TrackId  # coverage 1.000 (500 of 500 distinct values), 3503 parent values, "
                    + "name rule same name; every value has a parent and the name agrees",
            ],
            output.TrimEnd('\n').Split('\n'));
        var fk = (await ProfileSerializer.ReadAsync(dir.File("p.json"))).Tables.Single(t => t.Name == "Review").ForeignKeys.Single();
        Assert.Equal(("Track", false, 500L), (fk.ReferencedTable, fk.Declared, fk.Stats!.ChildRows));

        // the printed evidence is a review file: passed back, it gives the same profile; without -o it goes to stderr
        await File.WriteAllTextAsync(dir.File("fks.txt"), output);
        var (again, json, error) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("fks.txt"), "-q");
        Assert.Equal(0, again);
        Assert.Contains("accept Review.track_id -> Track.TrackId", error, StringComparison.Ordinal);
        Assert.Equal(WithoutFingerprint(await File.ReadAllTextAsync(dir.File("p.json"))), WithoutFingerprint(json));

        // a generated copy holds the reference without a constraint
        Assert.Equal(0, (await CliRunner.RunAsync("generate", dir.File("p.json"), "--target", dir.File("x.db"), "-q")).ExitCode);
        await using var c = new SqliteConnection($"Data Source={dir.File("x.db")};Pooling=False");
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM pragma_foreign_key_list('Review')), "
            + "(SELECT COUNT(*) FROM Review r WHERE NOT EXISTS (SELECT 1 FROM Track t WHERE t.TrackId = r.track_id))";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((0L, 0L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    [Fact]
    public async Task A_min_line_gives_the_declared_invoice_line_key_minChildren_1_and_changes_no_other_byte()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("min.txt"), "min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId  # every invoice has a line\n");
        await File.WriteAllTextAsync(dir.File("none.txt"), "# nothing to review\n");

        var (code, evidence, _) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("min.txt"), "-o", dir.File("min.json"), "-q");
        Assert.Equal(0, code);
        Assert.Contains("min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId  # given by", evidence, StringComparison.Ordinal);
        var (plain, baseline, _) = await CliRunner.RunAsync("profile", db, "-q");
        Assert.Equal(0, plain);
        var (none, _, _) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("none.txt"), "-o", dir.File("none.json"), "-q");
        Assert.Equal(0, none);

        var json = await File.ReadAllTextAsync(dir.File("min.json"));
        Assert.Single(Regex.Matches(json, "\"minChildren\""));
        var minimums = (await ProfileSerializer.ReadAsync(dir.File("min.json"))).Tables
            .SelectMany(t => t.ForeignKeys.Where(f => f.MinChildren != 0).Select(f => (t.Name, f.Columns.Single(), f.ReferencedTable,
                f.MinChildren)));
        Assert.Equal(("InvoiceLine", "InvoiceId", "Invoice", 1), Assert.Single(minimums));
        // the min line adds that one JSON line; a review file without it leaves the profile as without --fks, byte for byte
        Assert.Equal(ProfileText.WithoutFingerprint(baseline),
            ProfileText.WithoutFingerprint(Regex.Replace(json, "\n *\"minChildren\": 1,", "")));
        Assert.Equal(ProfileText.WithoutFingerprint(baseline),
            ProfileText.WithoutFingerprint(await File.ReadAllTextAsync(dir.File("none.json"))));
    }

    [Theory]
    [InlineData("min 0 InvoiceLine.InvoiceId -> Invoice.InvoiceId",
        "line 1: the minimum 0 of InvoiceLine.InvoiceId -> Invoice.InvoiceId asks for no child")]
    [InlineData("min 1 Invoice.CustomerId -> Employee.EmployeeId",
        "line 1: no foreign key Invoice.CustomerId -> Employee.EmployeeId")]
    [InlineData("min 1 Employee.ReportsTo -> Employee.EmployeeId",
        "line 1: Employee.ReportsTo -> Employee.EmployeeId is a self-reference")]
    public async Task A_wrong_min_line_exits_2_with_one_line_and_writes_no_profile(string line, string expected)
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("fks.txt"), line + "\n");

        var (code, output, error) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("fks.txt"), "-o", dir.File("p.json"), "-q");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, "more than one line: " + error);
        Assert.StartsWith($"duckface: {dir.File("fks.txt")} {expected}", lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("p.json")));
    }

    /// <summary>The profile without its fingerprint, which is salted afresh by every run.</summary>
    private static string WithoutFingerprint(string json)
    {
        var profile = ProfileSerializer.Deserialize(json);
        return ProfileSerializer.Serialize(profile with { Source = profile.Source with { Fingerprint = null } });
    }
}
