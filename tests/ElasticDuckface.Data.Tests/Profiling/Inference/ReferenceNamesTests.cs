using ElasticDuckface.Data.Profiling.Inference;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

public sealed class ReferenceNamesTests
{
    [Theory]
    [InlineData("instance_uuid", "instances", "uuid", "plural")]
    [InlineData("service_id", "services", "id", "plural")]
    [InlineData("instance_type_id", "instance_types", "id", "plural")]
    [InlineData("compute_node_id", "compute_nodes", "id", "plural")]
    [InlineData("policy_id", "policies", "id", "plural")]
    [InlineData("artist_id", "artist", "id", "table")]
    [InlineData("action_id", "instance_actions", "id", "suffix")]
    [InlineData("flavor_id", "flavors", "flavorid", "same name")]
    [InlineData("ArtistId", "Artist", "ArtistId", "same name")]
    [InlineData("Instance_UUID", "Instances", "UUID", "plural")]
    public void A_reference_name_matches_its_rule(string column, string table, string key, string rule) =>
        Assert.Equal(rule, ReferenceNames.Rule(column, table, key));

    [Theory]
    [InlineData("uuid", "instances", "uuid")]
    [InlineData("id", "services", "id")]
    [InlineData("ephemeral_key_uuid", "instances", "uuid")]
    [InlineData("project_id", "instances", "id")]
    [InlineData("resource_id", "instances", "uuid")]
    [InlineData("user_id", "users", "uuid")]
    public void Other_names_match_no_rule(string column, string table, string key) =>
        Assert.Null(ReferenceNames.Rule(column, table, key));
}
