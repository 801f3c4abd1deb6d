using System.Text.Json;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using Json.Schema;

namespace ElasticDuckface.Data.Tests;

public sealed class ProfileSchemaTests
{
    // JsonSchema.Net registers a schema by its $id globally: load it once per process
    private static readonly JsonSchema s_schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "docs", "profile.schema.json")));

    [Fact]
    public async Task A_real_profile_validates_against_the_documented_json_schema()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(dir.CopyChinook()), new ProfileSettings());
        using var doc = JsonDocument.Parse(ProfileSerializer.Serialize(profile));
        var result = s_schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10).ToList() ?? [];
        Assert.True(result.IsValid, string.Join("\n", errors));
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
    [InlineData("chinook.json")]
    [InlineData("nova-example.json")]
    public async Task The_shipped_profiles_validate_including_their_row_states(string name)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(TestFiles.RepositoryRoot, "profiles", name));
        using var doc = JsonDocument.Parse(text);
        var result = s_schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10).ToList() ?? [];
        Assert.True(result.IsValid, string.Join("\n", errors));
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
