using System.Globalization;
using System.Text.Json;
using Dapper;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Issue 9: <c>profile --hide-sizes</c>, <c>generate --rows</c> and <c>verify</c> of a hidden-size profile, on Chinook.</summary>
public sealed class HideSizesTests
{
    /// <summary>Counts below this coincide with text lengths and fan-out degrees of any profile (Chinook's 5 media types: a
    /// name of 5 characters); they are covered by the property names check instead.</summary>
    private const long SmallestCheckedCount = 50;

    private static readonly string[] CountProperties =
        ["rowCount", "sampledRows", "distinctCount", "parentRows", "childRows", "rows"];

    private static async Task<string> HiddenChinookAsync(TempDir dir, string seed = "1", string name = "hidden.json")
    {
        var db = dir.File("chinook.db");
        if (!File.Exists(db))
            dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "--hide-sizes", "--noise-seed", seed, "-q", "-o", dir.File(name));
        Assert.True(code == 0, error);
        return dir.File(name);
    }

    private static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        return await c.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>Every table's row count, the largest value of its integer primary key, and so every foreign key's parent count,
    /// read from the source rows.</summary>
    private static async Task<HashSet<double>> SourceCountsAsync(string db)
    {
        var counts = new HashSet<double>();
        await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        var tables = (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"))
            .ToList();
        Assert.Equal(11, tables.Count);
        foreach (var t in tables)
        {
            counts.Add(await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{t}\""));
            var pk = (await c.QueryAsync<(string Name, string Type, long Pk)>($"SELECT name, type, pk FROM pragma_table_info('{t}')"))
                .Where(p => p.Pk == 1 && p.Type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase)).ToList();
            if (pk.Count == 1)
                counts.Add(await c.ExecuteScalarAsync<long>($"SELECT MAX(\"{pk[0].Name}\") FROM \"{t}\""));
        }

        counts.RemoveWhere(n => n < SmallestCheckedCount);
        return counts;
    }

    private static IEnumerable<(string Path, JsonElement Value)> Walk(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    yield return (path + "." + p.Name, p.Value);
                    foreach (var x in Walk(p.Value, path + "." + p.Name))
                        yield return x;
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    yield return (path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", item);
                    foreach (var x in Walk(item, path + "[" + i++.ToString(CultureInfo.InvariantCulture) + "]"))
                        yield return x;
                }

                break;
        }
    }

    [Fact]
    public async Task A_hidden_size_profile_holds_no_row_count_key_maximum_or_parent_count_as_any_number()
    {
        using var dir = new TempDir();
        var hidden = await HiddenChinookAsync(dir);
        var counts = await SourceCountsAsync(dir.File("chinook.db"));
        Assert.Contains(3503.0, counts);
        Assert.Contains(8715.0, counts);
        Assert.Contains(347.0, counts);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(hidden));
        var all = Walk(doc.RootElement, "$").ToList();
        var numbers = all.Where(x => x.Value.ValueKind == JsonValueKind.Number).ToList();
        Assert.True(numbers.Count > 1000, $"{numbers.Count} numbers");
        var leaks = numbers.Where(x => counts.Contains(x.Value.GetDouble())).Select(x => $"{x.Path} = {x.Value}").ToList();
        Assert.True(leaks.Count == 0, string.Join("; ", leaks));

        // no count-valued field at all, for the small tables too
        var names = all.Select(x => x.Path[(x.Path.LastIndexOf('.') + 1)..]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in CountProperties)
            Assert.DoesNotContain(name, names);
        static bool InBin(string path, string field) =>
            path.Contains(".histogram[", StringComparison.Ordinal) && path.EndsWith(field, StringComparison.Ordinal);
        Assert.DoesNotContain(all, x => InBin(x.Path, ".parents"));
        Assert.Contains(all, x => InBin(x.Path, ".share"));
        Assert.Equal(3, doc.RootElement.GetProperty("formatVersion").GetInt32());
        var settings = doc.RootElement.GetProperty("settings");
        Assert.True(settings.GetProperty("hideSizes").GetBoolean());
        Assert.Equal("PlaylistTrack", settings.GetProperty("referenceTable").GetString());
        Assert.Equal(0.1, settings.GetProperty("sizeNoise").GetDouble());
        var relative = doc.RootElement.GetProperty("tables").EnumerateArray()
            .Select(t => t.GetProperty("relativeSize").GetDouble()).ToList();
        Assert.Equal(1, relative.Max());
        Assert.All(relative, r => Assert.InRange(r, 1e-5, 1));

        // inspect lists no size, and --fail-if-reveals sizes lets it through
        var (code, output, error) = await CliRunner.RunAsync("inspect", hidden, "--fail-if-reveals", "sizes");
        Assert.True(code == 0, error);
        Assert.Contains("Sizes (0):", output, StringComparison.Ordinal);
        Assert.Contains("sizes hidden", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_noise_is_seeded_and_differs_between_seeds()
    {
        using var dir = new TempDir();
        // the source fingerprint has a fresh salt per run: compared without it
        async Task<string> Tables(string seed, string name) =>
            JsonDocument.Parse(await File.ReadAllTextAsync(await HiddenChinookAsync(dir, seed, name))).RootElement.GetProperty("tables")
                .GetRawText();
        var one = await Tables("5", "a.json");
        Assert.Equal(one, await Tables("5", "b.json"));
        Assert.NotEqual(one, await Tables("6", "c.json"));
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("stretch")]
    public async Task Generate_with_rows_gives_the_planned_sizes_exactly_and_verify_passes(string growth)
    {
        using var dir = new TempDir();
        var hidden = await HiddenChinookAsync(dir);
        var target = dir.File("out.db");
        var (code, _, error) = await CliRunner.RunAsync("generate", hidden, "--rows", "Invoice=412", "--growth", growth, "--target", target,
            "-q");
        Assert.True(code == 0, error);

        var plan = GenerationPlanner.Plan(await ProfileSerializer.ReadAsync(hidden), new ScaleOptions
        {
            Rows = new Dictionary<string, long> { ["Invoice"] = 412 },
            Growth = Enum.Parse<Statistics.FanOutGrowth>(growth, ignoreCase: true),
        });
        Assert.Equal(412, plan["Invoice"].TargetRows);
        Assert.Equal(ScaleRule.Anchored, plan["Invoice"].Rule);
        Assert.NotNull(plan.SizeUnit);
        foreach (var t in plan.Tables)
        {
            Assert.Equal(t.TargetRows, await ScalarAsync(target, $"SELECT COUNT(*) FROM \"{t.Name}\""));
            Assert.NotNull(t.RelativeSize);
            Assert.Contains("relative size", t.Reason, StringComparison.Ordinal);
        }

        // verify at the anchor: hard checks (row counts against the plan included) pass, and so does the verdict
        (code, var output, error) = await CliRunner.RunAsync("verify", hidden, "--rows", "Invoice=412", "--target", target,
            "--json", dir.File("f.json"), "-q");
        Assert.True(code == 0, output + error);
        var report = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("f.json")));
        Assert.Equal(0, report.HardChecksFailed);
        Assert.Equal(11, report.HardChecks.Count(h => h.Kind == HardCheckKind.RowCount));
        Assert.NotEqual(Verdict.Failed, report.Verdict);
        var fanOuts = report.Tables.SelectMany(t => t.ForeignKeys).ToList();
        Assert.Equal(11, fanOuts.Count);
        // the noise moves a child's size against its parent's (Invoice against Customer by +13% with this seed): the sample
        // model thins or deconvolves the fan-out and keeps its shape; stretch moves a constant fan-out of 7 to 8 (a warning)
        if (growth == "sample")
            Assert.All(fanOuts, f => Assert.True(f.Ks < 0.5, $"{f.Name}: KS {f.Ks}"));

        // without --rows, verify anchors the reference table at the target's size: shapes only
        (code, output, error) = await CliRunner.RunAsync("verify", hidden, "--target", target, "--json", dir.File("g.json"), "-q");
        Assert.True(code == 0, output + error);
        var shapes = FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(dir.File("g.json")));
        Assert.False(shapes.Scaled);
        Assert.Equal(0, shapes.HardChecksFailed);
    }

    [Fact]
    public async Task Several_anchors_each_get_their_rows_and_scale_covers_the_tables_no_anchor_covers()
    {
        using var dir = new TempDir();
        var hidden = await ProfileSerializer.ReadAsync(await HiddenChinookAsync(dir));
        var plan = GenerationPlanner.Plan(hidden, new ScaleOptions
        {
            Rows = new Dictionary<string, long> { ["Invoice"] = 1000, ["Track"] = 777 },
            Scale = 2,
        });
        Assert.Equal(1000, plan["Invoice"].TargetRows);
        Assert.Equal(777, plan["Track"].TargetRows);
        Assert.Equal(ScaleRule.Inherited, plan["InvoiceLine"].Rule);
        Assert.Equal(ScaleRule.Global, plan["Artist"].Rule);
        Assert.Equal(plan["Artist"].SourceRows * 2, plan["Artist"].TargetRows);
        var unit = plan.SizeUnit!.Value;
        Assert.Equal(Math.Sqrt(1000 / hidden.Tables.Single(t => t.Name == "Invoice").RelativeSize!.Value
            * (777 / hidden.Tables.Single(t => t.Name == "Track").RelativeSize!.Value)), unit, 6);

        var (code, output, error) = await CliRunner.RunAsync("generate", dir.File("hidden.json"), "--rows", "Invoice=1000", "--rows",
            "Track=777", "--scale", "2", "--dry-run");
        Assert.True(code == 0, error);
        Assert.Contains("set by --rows Track=777", output, StringComparison.Ordinal);
        Assert.Contains("rows per unit", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_size_profile_without_rows_or_with_an_unknown_anchor_is_refused_in_one_line()
    {
        using var dir = new TempDir();
        var hidden = await HiddenChinookAsync(dir);
        var (code, output, error) = await CliRunner.RunAsync("generate", hidden, "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--rows TABLE=N", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("o.db")));

        (code, _, error) = await CliRunner.RunAsync("generate", hidden, "--rows", "Invoce=10", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("did you mean 'Invoice'", error, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("generate", hidden, "--rows", "Invoice=0", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("at least 1", error, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("generate", hidden, "--rows", "Invoice", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is not TABLE=N", error, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("profile", dir.File("chinook.db"), "--noise-seed", "3", "-o", dir.File("p.json"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--noise-seed goes with --hide-sizes", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("p.json")));

        (code, _, error) = await CliRunner.RunAsync("verify", hidden, "--scale", "1", "--target", dir.File("chinook.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--rows", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("o.db")));
    }

    [Fact]
    public async Task An_anchor_on_a_profile_with_visible_sizes_overrides_the_scale_for_that_table()
    {
        var chinook = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        var profile = await ProfileSerializer.ReadAsync(chinook);
        var plan = GenerationPlanner.Plan(profile,
            new ScaleOptions { Rows = new Dictionary<string, long> { ["Invoice"] = 1000 }, Scale = 3 });
        Assert.Equal(1000, plan["Invoice"].TargetRows);
        Assert.Equal("Invoice", plan["InvoiceLine"].InheritedFrom);
        Assert.Equal(3 * 3503, plan["Track"].TargetRows);
        Assert.Null(plan.SizeUnit);
        Assert.Same(profile, plan.Profile);

        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(profile, new ScaleOptions
        {
            Rows = new Dictionary<string, long> { ["Invoice"] = 1000 },
            Keep = new HashSet<string> { "Invoice" },
        }));
        Assert.Contains("choose one", ex.Message, StringComparison.Ordinal);
    }
}
