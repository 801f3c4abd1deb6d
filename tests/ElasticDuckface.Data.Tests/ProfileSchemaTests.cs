using System.Text.Json;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using Json.Schema;

namespace ElasticDuckface.Data.Tests;

public sealed class ProfileSchemaTests
{
    // JsonSchema.Net registers a schema by its $id globally: load it once per process
    private static readonly JsonSchema s_schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "profile.schema.json")));

    [Fact]
    public async Task A_real_profile_validates_against_the_documented_json_schema()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());
        var errors = Errors(ProfileSerializer.Serialize(profile));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Where a profile's JSON breaks docs/profile.schema.json (at most 10 places); empty when it validates.</summary>
    internal static IReadOnlyList<string> Errors(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = s_schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
            return [];
        var errors = result.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10).ToList() ?? [];
        return errors.Count > 0 ? errors : ["invalid"];
    }

    [Fact]
    public async Task A_profile_with_undeclared_references_and_minimums_validates()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var (profile, _) = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings(),
            new ForeignKeyInferenceOptions
            {
                Infer = false,
                Review = ForeignKeyReview.Parse("add Customer.SupportRepId -> Employee.EmployeeId\n"
                    + "add Invoice.CustomerId -> Employee.EmployeeId\nmin 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId", "fks.txt"),
            });
        var text = ProfileSerializer.Serialize(profile);
        Assert.Contains("\"declared\": false", text, StringComparison.Ordinal);
        Assert.Contains("\"minChildren\": 1", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        var result = s_schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10) ?? []));
    }

    [Fact]
    public async Task A_profile_with_busy_parent_correlations_validates_against_the_documented_json_schema()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var path = dir.File("truth.db");
        await Profiling.BusyParentsTests.BuildAsync(path);
        var text = ProfileSerializer.Serialize(await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings()));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Contains("\"childFanOutCorrelations\"", text, StringComparison.Ordinal);
        var errors = Errors(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_hidden_size_profile_validates_against_the_documented_json_schema()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());
        var hidden = Privacy.SizeHiding.Hide(profile, new Privacy.SizeNoise(0.1, 1));
        using var doc = JsonDocument.Parse(ProfileSerializer.Serialize(hidden));
        var result = s_schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10).ToList() ?? [];
        Assert.True(result.IsValid, string.Join("\n", errors));
        Assert.Equal(3, doc.RootElement.GetProperty("formatVersion").GetInt32());
    }

    [Theory]
    [InlineData("chinook.json", null)]
    [InlineData(SuiteProfiles.NovaSynthetic, 1e-6)]
    public async Task A_differentially_private_profile_validates_against_the_documented_json_schema(string name, double? delta)
    {
        var profile = await ProfileSerializer.ReadAsync(SuiteProfiles.Profile(name));
        var noisy = Privacy.DifferentialPrivacy.Apply(profile, new Privacy.DifferentialPrivacyOptions(1, delta, 1));
        var text = ProfileSerializer.Serialize(noisy);
        Assert.Contains("\"differentialPrivacy\"", text, StringComparison.Ordinal);
        var errors = Errors(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("chinook.json")]
    [InlineData(SuiteProfiles.NovaSynthetic)]
    public async Task The_shipped_profiles_validate_including_their_row_states(string name)
    {
        var text = await File.ReadAllTextAsync(SuiteProfiles.Profile(name));
        var errors = Errors(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Contains("\"rowState\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_rejects_a_profile_with_an_unknown_distribution_kind()
    {
        using var doc = JsonDocument.Parse("""
            {"formatVersion": 1, "source": {"dialect": "sqlite"}, "settings": {}, "tables": [
              {"name": "t", "rowCount": 1, "columns": [{"name": "c", "sqlType": "INT", "stats": {"distribution": {"kind": "zipf"}}}]}]}
            """);
        Assert.False(s_schema.Evaluate(doc.RootElement).IsValid);
    }
}
