using System.Globalization;
using System.Text.Json;
using ElasticDuckface.Generation;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>JSON columns profiled by structure and generated so an application can parse them (issue 14, part 2).</summary>
public class JsonStructureTests
{
    private static readonly ProfileSettings s_settings = new();

    /// <summary>Like Nova's instance_info_caches.network_info: one VIF per instance, unique ids, addresses and MACs.</summary>
    private static string NetworkInfo(int i)
    {
        var inv = CultureInfo.InvariantCulture;
        var mac = string.Format(inv, "fa:16:3e:{0:x2}:{1:x2}:0{2}", i % 256, i / 256 % 256, i % 10);
        var ip = string.Format(inv, "10.0.{0}.{1}", i / 250, i % 250 + 1);
        return "[{\"id\": \"" + Guid(i, 1) + "\", \"address\": \"" + mac + "\", \"type\": \"ovs\", "
            + "\"network\": {\"id\": \"" + Guid(i % 3, 2) + "\", \"bridge\": \"br-int\", \"label\": \"private\", "
            + "\"subnets\": [{\"cidr\": \"10.0.0.0/8\", \"ips\": [{\"address\": \"" + ip + "\", \"type\": \"fixed\", "
            + "\"version\": 4, \"floating_ips\": []}], \"gateway\": {\"address\": \"10.0.0.1\", \"version\": 4}}]}, "
            + "\"active\": " + (i % 7 == 0 ? "false" : "true") + ", \"meta\": {}"
            + (i % 4 == 0 ? ", \"vnic_type\": \"normal\"" : "")
            + (i == 3 ? ", \"secret_of_one_row\": \"x\"" : "") + "}]";
    }

    private static string Guid(int i, int salt) => new Guid(i, (short)salt, 0, new byte[8]).ToString();

    private static ColumnProfile JsonColumn(string type = "TEXT", ColumnCategory category = ColumnCategory.Text) =>
        new() { Name = "network_info", SqlType = type, Category = category, Nullable = true };

    private static JsonDistribution Profile(int documents)
    {
        var values = Enumerable.Range(0, documents).Select(i => (object?)NetworkInfo(i)).ToList();
        var stats = ColumnAnalyzer.Analyze(JsonColumn(), values, documents, s_settings);
        return Assert.IsType<JsonDistribution>(stats.Distribution);
    }

    private static List<string> Generate(JsonDistribution distribution, int rows, ColumnProfile? column = null)
    {
        column ??= JsonColumn() with { Stats = new ColumnStatistics { Distribution = distribution, DistinctCount = rows } };
        var table = TestProfiles.Table("caches", rows, [TestProfiles.Id(), column]);
        var profile = TestProfiles.Database(table);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1, Seed = 7 });
        return new RowGenerator(profile, plan).Rows("caches").Select(r => (string)r[1]!).ToList();
    }

    [Fact]
    public void Unique_documents_are_profiled_by_structure_with_their_keys_and_leaf_shapes()
    {
        var root = Profile(500).Root;
        Assert.Equal(JsonNodeKind.Array, root.Kind);
        var vif = Assert.IsType<JsonNodeProfile>(root.Items);
        var keys = vif.Members!.Select(m => m.Key).ToList();
        Assert.Equal(["id", "address", "type", "network", "active", "meta", "vnic_type"], keys);
        Assert.Equal(0.25, vif.Members!.Single(m => m.Key == "vnic_type").Presence, 2);
        Assert.Equal(TextShape.Uuid, Assert.IsType<TextDistribution>(vif.Members![0].Value.Values).Shape);
        Assert.Equal(TextShape.Mac, Assert.IsType<TextDistribution>(vif.Members![1].Value.Values).Shape);
        // a sub-document every document shares (the gateway) is kept whole, so its parts stay consistent
        var network = vif.Members!.Single(m => m.Key == "network").Value;
        var subnet = network.Members!.Single(m => m.Key == "subnets").Value.Items!;
        var gateway = subnet.Members!.Single(m => m.Key == "gateway").Value;
        Assert.Equal("{\"address\": \"10.0.0.1\", \"version\": 4}",
            Assert.Single(Assert.IsType<CategoricalDistribution>(gateway.Values).Values).Value);
        Assert.Equal(3, Assert.IsType<CategoricalDistribution>(network.Members![0].Value.Values).Values.Count);
    }

    [Fact]
    public void A_key_fewer_than_k_documents_hold_is_not_in_the_profile_nor_disclosed()
    {
        var distribution = Profile(500);
        var json = JsonSerializer.Serialize<Distribution>(distribution, ProfileSerializer.Options);
        Assert.DoesNotContain("secret_of_one_row", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Guid(17, 1), json, StringComparison.Ordinal);
        var table = TestProfiles.Table("caches", 500, [TestProfiles.Id(),
            JsonColumn() with { Stats = new ColumnStatistics { Distribution = distribution, DistinctCount = 500 } }]);
        var disclosed = ProfileDisclosure.Of(TestProfiles.Database(table)).Values;
        Assert.Contains(disclosed, v => v.Value == "vnic_type" && v.Where.EndsWith(".key", StringComparison.Ordinal));
        Assert.Contains(disclosed, v => v.Value == "ovs");
    }

    [Fact]
    public void Generated_documents_parse_and_have_the_structure_an_application_reads()
    {
        var documents = Generate(Profile(500), 1000);
        Assert.Equal(1000, documents.Distinct(StringComparer.Ordinal).Count());
        var withVnic = 0;
        foreach (var text in documents)
        {
            using var doc = JsonDocument.Parse(text);
            var vif = Assert.Single(doc.RootElement.EnumerateArray().ToList());
            Assert.True(System.Guid.TryParse(vif.GetProperty("id").GetString(), out _));
            Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", vif.GetProperty("address").GetString()!.ToLowerInvariant());
            Assert.Equal("ovs", vif.GetProperty("type").GetString());
            var ip = vif.GetProperty("network").GetProperty("subnets")[0].GetProperty("ips")[0];
            Assert.Equal(4, ip.GetProperty("version").GetInt32());
            Assert.Equal(JsonValueKind.Array, ip.GetProperty("floating_ips").ValueKind);
            Assert.Equal(JsonValueKind.Object, vif.GetProperty("meta").ValueKind);
            Assert.True(vif.GetProperty("active").ValueKind is JsonValueKind.True or JsonValueKind.False);
            withVnic += vif.TryGetProperty("vnic_type", out _) ? 1 : 0;
        }

        Assert.InRange(withVnic, 200, 300);
    }

    [Fact]
    public void The_same_seed_gives_the_same_documents_and_the_profile_round_trips()
    {
        var distribution = Profile(300);
        var json = JsonSerializer.Serialize<Distribution>(distribution, ProfileSerializer.Options);
        var back = Assert.IsType<JsonDistribution>(JsonSerializer.Deserialize<Distribution>(json, ProfileSerializer.Options));
        Assert.Equal(json, JsonSerializer.Serialize<Distribution>(back, ProfileSerializer.Options));
        Assert.Equal(Generate(distribution, 200), Generate(back, 200));
    }

    [Fact]
    public void Verify_measures_the_structure_and_says_bad_when_keys_are_missing()
    {
        var profiled = Profile(500);
        var regenerated = Generate(profiled, 800).Select(t => (object?)t).ToList();
        var measured = Assert.IsType<JsonDistribution>(ColumnAnalyzer.Analyze(JsonColumn(), regenerated, 800, s_settings).Distribution);
        Assert.InRange(JsonStructureDistance.Between(profiled.Root, measured.Root), 0, 0.1);
        var flat = Enumerable.Range(0, 500).Select(i => (object?)("[{\"id\": \"" + Guid(i, 1) + "\"}]")).ToList();
        var broken = Assert.IsType<JsonDistribution>(ColumnAnalyzer.Analyze(JsonColumn(), flat, 500, s_settings).Distribution);
        Assert.Equal(1, JsonStructureDistance.Between(profiled.Root, broken.Root));
    }

    [Fact]
    public void Text_that_is_not_json_keeps_its_text_shape()
    {
        var values = Enumerable.Range(0, 300).Select(i => (object?)$"host-{i}.example.org").ToList();
        Assert.IsType<TextDistribution>(ColumnAnalyzer.Analyze(JsonColumn(), values, 300, s_settings).Distribution);
    }

    [Fact]
    public void A_document_too_long_for_its_column_is_replaced_by_an_empty_one_not_cut()
    {
        var column = JsonColumn("VARCHAR(40)", ColumnCategory.String) with { Length = 40 };
        var distribution = Profile(200);
        column = column with { Stats = new ColumnStatistics { Distribution = distribution, DistinctCount = 200 } };
        Assert.All(Generate(distribution, 50, column), text => Assert.Equal("[]", text));
    }
}
