using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Issue 9: <c>profile --privacy FILE</c> marks columns public, confidential or drop; <c>privacy suggest</c> starts a file.
/// </summary>
public sealed class PrivacyFileCommandTests
{
    private const string PrivacyFile = """
        { "tables": {
            "Genre": "public",
            "MediaType": { "privacy": "public" },
            "Invoice": { "columns": { "BillingCountry": "confidential" } },
            "Customer": { "columns": { "Fax": "drop", "Company": { "privacy": "drop", "why": "not needed" } } } } }
        """;

    private static async Task<List<T>> QueryAsync<T>(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        return [.. await c.QueryAsync<T>(sql)];
    }

    private static JsonElement Table(JsonElement root, string name) =>
        root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    private static JsonElement Column(JsonElement table, string name) =>
        table.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Issue9_privacy_file_marks_public_confidential_and_drop_on_chinook()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("privacy.json"), PrivacyFile);
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "--privacy", dir.File("privacy.json"),
            "-o", dir.File("p.json"), "-q");
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.RunAsync("profile", db, "-o", dir.File("default.json"), "-q");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("p.json")));
        using var plain = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("default.json")));

        // public: Genre's rows verbatim, as the source holds them (rare values and all)
        var genres = await QueryAsync<(long Id, string Name)>(db, "SELECT GenreId, Name FROM Genre ORDER BY GenreId");
        var genre = Table(json.RootElement, "Genre");
        Assert.Equal("public", genre.GetProperty("privacy").GetString());
        var verbatim = genre.GetProperty("verbatim");
        Assert.Equal(["GenreId", "Name"], verbatim.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(genres.Select(g => (g.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Name)),
            verbatim.GetProperty("rows").EnumerateArray().Select(r => (r[0].GetString()!, r[1].GetString()!)));
        Assert.Equal("public", Column(genre, "Name").GetProperty("privacy").GetString());

        // confidential: the most frequent billing country (held by far more than k rows) is in the default profile's Invoice
        // entry and not in this one's
        var (country, rows) = (await QueryAsync<(string Country, long Rows)>(db,
            "SELECT BillingCountry, COUNT(*) FROM Invoice GROUP BY BillingCountry ORDER BY 2 DESC LIMIT 1"))[0];
        Assert.True(rows >= 10);
        Assert.Contains($"\"{country}\"", Table(plain.RootElement, "Invoice").GetRawText(), StringComparison.Ordinal);
        var invoice = Table(json.RootElement, "Invoice");
        Assert.DoesNotContain($"\"{country}\"", invoice.GetRawText(), StringComparison.Ordinal);
        var billing = Column(invoice, "BillingCountry");
        Assert.Equal("confidential", billing.GetProperty("privacy").GetString());
        Assert.Equal("text", billing.GetProperty("stats").GetProperty("distribution").GetProperty("kind").GetString());

        // drop: the type only
        var fax = Column(Table(json.RootElement, "Customer"), "Fax");
        Assert.Equal("drop", fax.GetProperty("privacy").GetString());
        Assert.False(fax.TryGetProperty("stats", out _));
        foreach (var value in await QueryAsync<string>(db, "SELECT Fax FROM Customer WHERE Fax IS NOT NULL"))
            Assert.DoesNotContain(value, Table(json.RootElement, "Customer").GetRawText(), StringComparison.Ordinal);

        // generate writes exactly the public rows at any scale; dropped nullable columns are NULL; verify passes
        (code, _, error) = await CliRunner.RunAsync("generate", dir.File("p.json"), "--target", dir.File("g.db"), "--scale", "2", "-q");
        Assert.True(code == 0, error);
        Assert.Equal(genres, await QueryAsync<(long, string)>(dir.File("g.db"), "SELECT GenreId, Name FROM Genre ORDER BY GenreId"));
        Assert.Equal(await QueryAsync<(long, string)>(db, "SELECT MediaTypeId, Name FROM MediaType ORDER BY 1"),
            await QueryAsync<(long, string)>(dir.File("g.db"), "SELECT MediaTypeId, Name FROM MediaType ORDER BY 1"));
        Assert.Equal([0L], await QueryAsync<long>(dir.File("g.db"), "SELECT COUNT(Fax) + COUNT(Company) FROM Customer"));
        Assert.Equal([7006L], await QueryAsync<long>(dir.File("g.db"), "SELECT COUNT(*) FROM Track"));
        (code, _, error) = await CliRunner.RunAsync("verify", dir.File("p.json"), "--target", dir.File("g.db"), "--scale", "2", "-q");
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Inspect_lists_the_public_columns_and_exactly_their_verbatim_values()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("privacy.json"), PrivacyFile);
        var (code, _, error) = await CliRunner.RunAsync("profile", dir.CopyChinook(), "--privacy", dir.File("privacy.json"),
            "-o", dir.File("p.json"), "-q");
        Assert.True(code == 0, error);
        (code, var output, error) = await CliRunner.RunAsync("inspect", dir.File("p.json"), "--json");
        Assert.True(code == 0, error);
        using var listing = JsonDocument.Parse(output);
        Assert.Equal(["Genre.GenreId", "Genre.Name", "MediaType.MediaTypeId", "MediaType.Name"],
            listing.RootElement.GetProperty("publicColumns").EnumerateArray().Select(c => c.GetString()!));

        // the listed verbatim-row values are exactly the distinct values of each public table's rows in the JSON
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("p.json")));
        var expected = new List<(string, string, string)>();
        foreach (var t in json.RootElement.GetProperty("tables").EnumerateArray().Where(t => t.TryGetProperty("verbatim", out _)))
        {
            var v = t.GetProperty("verbatim");
            var columns = v.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            for (var k = 0; k < columns.Count; k++)
            {
                expected.AddRange(v.GetProperty("rows").EnumerateArray().Select(r => r[k].GetString()!).Distinct()
                    .Select(value => (t.GetProperty("name").GetString()!, columns[k], value)));
            }
        }

        var listed = listing.RootElement.GetProperty("values").EnumerateArray().Where(v => v.GetProperty("where").GetString() == "verbatim")
            .Select(v => (v.GetProperty("table").GetString()!, v.GetProperty("column").GetString()!, v.GetProperty("value").GetString()!))
            .ToList();
        Assert.Equal(30 * 2, expected.Count);
        Assert.Equal(expected.Order(), listed.Order());
        Assert.Contains(listing.RootElement.GetProperty("sizes").EnumerateArray(),
            s => s.GetProperty("table").GetString() == "Genre" && s.GetProperty("name").GetString() == "rows"
                && s.GetProperty("value").GetInt64() == 25);

        (code, output, _) = await CliRunner.RunAsync("inspect", dir.File("p.json"));
        Assert.Equal(0, code);
        Assert.Contains("Columns marked public: Genre.GenreId, Genre.Name, MediaType.MediaTypeId, MediaType.Name", output,
            StringComparison.Ordinal);
        Assert.Contains("Genre.Name [verbatim]  \"Rock\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_suggest_classes_every_column_and_its_file_profiles()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, output, error) = await CliRunner.RunAsync("privacy", "suggest", db, "-o", dir.File("s.json"), "-q");
        Assert.True(code == 0, error);
        Assert.Equal("", output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("s.json")));
        var tables = json.RootElement.GetProperty("tables");
        JsonElement Entry(string table, string column) => tables.GetProperty(table).GetProperty("columns").GetProperty(column);
        Assert.Equal(11, tables.EnumerateObject().Count());
        Assert.Equal("confidential", Entry("Customer", "Email").GetProperty("privacy").GetString());
        Assert.Equal("email", Entry("Customer", "Email").GetProperty("shape").GetString());
        foreach (var (table, column) in new[] { ("Customer", "FirstName"), ("Customer", "Phone"), ("Employee", "BirthDate"),
            ("Customer", "Address"), ("Employee", "LastName"), ("Invoice", "BillingAddress") })
            Assert.Equal("confidential", Entry(table, column).GetProperty("privacy").GetString());
        Assert.Equal("default", Entry("Track", "TrackId").GetProperty("privacy").GetString());
        Assert.Contains("key", Entry("Track", "AlbumId").GetProperty("why").GetString()!, StringComparison.Ordinal);
        Assert.StartsWith("public candidate", Entry("Invoice", "BillingCountry").GetProperty("why").GetString()!, StringComparison.Ordinal);
        Assert.StartsWith("public candidate", tables.GetProperty("Genre").GetProperty("why").GetString()!, StringComparison.Ordinal);
        Assert.False(tables.GetProperty("Genre").TryGetProperty("privacy", out _)); // noted, not marked
        Assert.All(tables.EnumerateObject().SelectMany(t => t.Value.GetProperty("columns").EnumerateObject()),
            c => Assert.False(string.IsNullOrEmpty(c.Value.GetProperty("why").GetString())));

        // the suggestion is a valid privacy file: no name, e-mail or phone of a customer in the profile made with it
        (code, _, error) = await CliRunner.RunAsync("profile", db, "--privacy", dir.File("s.json"), "-o", dir.File("p.json"), "-q");
        Assert.True(code == 0, error);
        var profile = await File.ReadAllTextAsync(dir.File("p.json"));
        foreach (var value in await QueryAsync<string>(db, "SELECT FirstName || char(10) || LastName || char(10) || Email || char(10) || "
            + "Address || char(10) || COALESCE(Phone, 'x') FROM Customer"))
        {
            foreach (var part in value.Split('\n').Where(p => p.Length > 3))
                Assert.DoesNotContain($"\"{part}\"", profile, StringComparison.Ordinal);
        }

        (code, output, _) = await CliRunner.RunAsync("privacy", "suggest", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("duckface profile chinook.db --privacy chinook.privacy.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_noise_is_recorded_and_goes_with_hide_sizes()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "--hide-sizes", "--size-noise", "0.25", "--noise-seed", "3",
            "-o", dir.File("p.json"), "-q");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("p.json")));
        Assert.Equal(0.25, json.RootElement.GetProperty("settings").GetProperty("sizeNoise").GetDouble());
        (code, var output, _) = await CliRunner.RunAsync("inspect", dir.File("p.json"));
        Assert.Equal(0, code);
        Assert.Contains("σ 0.25", output, StringComparison.Ordinal);
    }
}
