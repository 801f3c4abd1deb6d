using System.Text.Json.Nodes;
using ElasticDuckface.Core.Tests.Generation;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Core.Tests.Profiles;

/// <summary>
/// Mutated profile JSON (issue 12): every mutation of a shipped profile either loads, plans and generates, or is refused
/// with a <see cref="DuckfaceException"/> (one line, exit code 2); never another exception, never a hang.
/// </summary>
public class ProfileFuzzTests
{
    private const int Mutations = 320;
    private const int RowsPerTable = 50;

    public static TheoryData<string, int> Seeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var profile in new[] { "chinook.json", SuiteProfiles.NovaSynthetic })
        {
            for (var batch = 0; batch < 4; batch++)
                data.Add(profile, batch);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_mutated_profile_is_generated_or_refused_with_a_one_line_error(string name, int batch)
    {
        var original = TestProfiles.ShippedJson(name);
        var failures = new List<string>();
        for (var i = 0; i < Mutations / 4; i++)
        {
            var seed = batch * 1_000 + i;
            var random = new Random(seed);
            var node = JsonNode.Parse(original)!;
            var what = new List<string>();
            for (var m = 0; m < 1 + random.Next(3); m++)
                what.Add(Mutate(node, random));
            var json = node.ToJsonString();
            try
            {
                Exercise(json);
            }
            catch (DuckfaceException ex) when (!ex.Message.Contains('\n', StringComparison.Ordinal))
            {
                // refused in one line: what must happen to a profile that does not make sense
            }
            catch (Exception ex)
            {
                failures.Add($"seed {seed} ({string.Join("; ", what)}): {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(15)));
    }

    /// <summary>A profile file cut short (a full disk, a copy interrupted): every cut is one line (exit 2), or loads when only
    /// trailing whitespace was cut.</summary>
    [Theory]
    [InlineData("chinook.json")]
    [InlineData("nova-example.json")]
    public void A_truncated_profile_is_refused_with_a_one_line_error(string name)
    {
        var original = TestProfiles.ShippedJson(name);
        var random = new Random(12);
        var failures = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var cut = i == 0 ? 0 : random.Next(1, original.Length);
            try
            {
                Exercise(original[..cut]);
            }
            catch (DuckfaceException ex) when (!ex.Message.Contains('\n', StringComparison.Ordinal))
            {
                Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
            }
            catch (Exception ex)
            {
                failures.Add($"cut at {cut}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(15)));
    }

    private static void Exercise(string json)
    {
        var profile = ProfileSerializer.Deserialize(json, "mutated.json");
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 0.5, Seed = 3 });
        var generator = new RowGenerator(profile, plan);
        foreach (var table in plan.Tables)
        {
            foreach (var _ in generator.Rows(table.Name, 0, Math.Min(RowsPerTable, table.TargetRows)))
            {
            }
        }
    }

    /// <summary>Changes one value somewhere in the document: the kinds of damage a hand edit or a bad tool does.</summary>
    private static string Mutate(JsonNode root, Random random)
    {
        var places = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, places);
        var (parent, key, index) = places[random.Next(places.Count)];
        JsonNode? current = key is not null ? parent[key] : parent[index];
        var path = (current ?? parent).GetPath();
        JsonNode? replacement = random.Next(9) switch
        {
            0 => JsonValue.Create(-random.Next(1, 1000)),
            1 => JsonValue.Create(long.MaxValue),
            2 => JsonValue.Create(1e300),
            3 => JsonValue.Create(""),
            4 => null,
            5 => new JsonArray(),
            6 => new JsonObject(),
            7 => JsonValue.Create(random.NextDouble()),
            _ => JsonValue.Create("x" + random.Next(100)),
        };
        if (random.Next(6) == 0 && key is not null && parent is JsonObject o)
        {
            o.Remove(key);
            return $"removed {path}";
        }

        if (key is not null)
            parent[key] = replacement;
        else
            parent[index] = replacement;
        return $"{path} = {replacement?.ToJsonString() ?? "null"}";
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> places)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    places.Add((o, k, -1));
                    if (v is not null)
                        Collect(v, places);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    places.Add((a, null, i));
                    if (a[i] is { } v)
                        Collect(v, places);
                }

                break;
        }
    }
}
