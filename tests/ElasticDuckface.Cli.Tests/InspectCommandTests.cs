using System.Text.Json;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Issue 9: <c>duckface inspect</c> shows a reviewer what a profile reveals.</summary>
public sealed class InspectCommandTests
{
    /// <summary>Every verbatim value in a profile JSON, read from the JSON itself: the <c>values</c> of each categorical
    /// distribution.</summary>
    private static List<(string Table, string Column, string Value)> VerbatimValuesIn(JsonElement root)
    {
        var found = new List<(string, string, string)>();
        void Walk(JsonElement e, string table, string column)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray())
                    Walk(x, table, column);
                return;
            }

            if (e.ValueKind != JsonValueKind.Object)
                return;
            if (e.TryGetProperty("kind", out var kind) && kind.GetString() == "categorical")
            {
                foreach (var v in e.GetProperty("values").EnumerateArray())
                    found.Add((table, column, v.GetProperty("value").GetString()!));
            }

            foreach (var p in e.EnumerateObject())
            {
                // a column or a row-state column names the values below it
                var name = p.Name is "stats" or "whenSet" or "whenUnset" && e.TryGetProperty("name", out var n) ? n.GetString()! : column;
                Walk(p.Value, table, name);
            }
        }

        foreach (var t in root.GetProperty("tables").EnumerateArray())
            Walk(t, t.GetProperty("name").GetString()!, "");
        return found;
    }

    [Fact]
    public async Task Inspect_lists_exactly_the_verbatim_values_the_profile_holds()
    {
        using var dir = new TempDir();
        var profile = dir.File("p.json");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", dir.CopyChinook(), "-o", profile, "-q")).ExitCode);
        var (code, output, error) = await CliRunner.RunAsync("inspect", profile, "--json");
        Assert.True(code == 0, error);
        using var listing = JsonDocument.Parse(output);
        var listed = listing.RootElement.GetProperty("values").EnumerateArray()
            .Select(v => (v.GetProperty("table").GetString()!, v.GetProperty("column").GetString()!, v.GetProperty("value").GetString()!))
            .ToList();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(profile));
        var expected = VerbatimValuesIn(json.RootElement);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), listed.Order());
        Assert.Contains(("Invoice", "BillingCountry", "USA"), listed);
        Assert.Equal(10, listing.RootElement.GetProperty("minCount").GetInt32());
        Assert.Contains(listing.RootElement.GetProperty("sizes").EnumerateArray(),
            s => s.GetProperty("table").GetString() == "Invoice" && s.GetProperty("name").GetString() == "rowCount"
                && s.GetProperty("value").GetInt64() == 412);
    }

    [Fact]
    public async Task Fail_if_reveals_exits_6_with_one_line_and_passes_what_the_profile_does_not_reveal()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var profile = dir.File("p.json");
        var strict = dir.File("strict.json");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "-o", profile, "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "-o", strict, "--min-count", "100000", "-q")).ExitCode);

        var values = await CliRunner.RunAsync("inspect", profile, "--fail-if-reveals", "values");
        Assert.Equal(6, values.ExitCode);
        Assert.Single(values.Error.Trim().Split('\n'));
        Assert.Contains("verbatim values", values.Error, StringComparison.Ordinal);
        Assert.Contains("Verbatim values (", values.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("inspect", strict, "--fail-if-reveals", "values")).ExitCode);
        var sizes = await CliRunner.RunAsync("inspect", strict, "--fail-if-reveals", "sizes,values");
        Assert.Equal(6, sizes.ExitCode);
        Assert.Contains("sizes", sizes.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync("inspect", profile, "--fail-if-reveals", "names")).ExitCode);
    }

    [Fact]
    public async Task An_old_format_profile_is_inspected_and_its_exact_quantiles_are_named()
    {
        var nova = SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic);
        var (code, output, error) = await CliRunner.RunAsync("inspect", nova);
        Assert.True(code == 0, error);
        Assert.StartsWith("Profile format 1: minCount (k) 10, quantiles exact", output, StringComparison.Ordinal);
    }
}
