using System.Globalization;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

/// <summary>
/// Issue 10 on the real thing: Nova's cell database at head (tests/data/nova/nova.sql, what its own migrations create) in a
/// throwaway MariaDB, with a few consistent rows in the tables whose references Nova never declares.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class RealNovaInferenceTests(MariaDbServer server)
{
    private static string Uuid(int kind, int i) => string.Create(CultureInfo.InvariantCulture, $"{kind:x8}-0000-4000-8000-{i:x12}");

    private static IEnumerable<string> Rows()
    {
        // 8 instances; unrelated uuids (ephemeral keys, volumes, bdm and migration uuids, compute node uuid) are of other kinds
        for (var i = 1; i <= 8; i++)
        {
            yield return $"INSERT INTO instances (uuid, ephemeral_key_uuid, deleted) VALUES ('{Uuid(1, i)}', '{Uuid(2, i)}', 0)";
            yield return $"INSERT INTO instance_extra (instance_uuid, deleted) VALUES ('{Uuid(1, i)}', 0)";
            yield return $"INSERT INTO block_device_mapping (instance_uuid, uuid, volume_id, deleted) "
                + $"VALUES ('{Uuid(1, i)}', '{Uuid(3, i)}', '{Uuid(4, i)}', 0)";
            yield return $"INSERT INTO instance_id_mappings (uuid, deleted) VALUES ('{Uuid(1, i)}', 0)";
        }

        yield return "INSERT INTO compute_nodes (id, uuid, vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, local_gb_used, "
            + "hypervisor_type, hypervisor_version, cpu_info, deleted) "
            + $"VALUES (1, '{Uuid(5, 1)}', 8, 1024, 100, 0, 0, 0, 'QEMU', 1, '{{}}', 0)";
        for (var i = 1; i <= 6; i++)
        {
            yield return "INSERT INTO pci_devices (compute_node_id, address, product_id, vendor_id, dev_type, label, status, "
                + $"instance_uuid, deleted) VALUES (1, '0000:00:0{i}.0', '1520', '8086', 'type-VF', 'label', 'allocated', "
                + $"'{Uuid(1, i % 5 + 1)}', 0)";
            yield return "INSERT INTO console_auth_tokens (token_hash, console_type, host, port, instance_uuid, expires) "
                + $"VALUES ('hash{i}', 'novnc', 'h', 5900, '{Uuid(1, i % 3 + 1)}', 0)";
            yield return $"INSERT INTO tags (resource_id, tag) VALUES ('{Uuid(1, i)}', 'tag{i % 2}')";
            yield return $"INSERT INTO migrations (instance_uuid, uuid, deleted) VALUES ('{Uuid(1, i)}', '{Uuid(6, i)}', 0)";
            // a cache row of a volume no instance here has: named like a reference, not one in this data
            yield return $"INSERT INTO volume_usage_cache (volume_id, instance_uuid) VALUES ('{Uuid(4, i)}', '{Uuid(7, i)}')";
        }
    }

    [MySqlFact]
    public async Task Inference_on_the_real_nova_schema_finds_the_undeclared_instance_references_and_nothing_for_unrelated_uuids()
    {
        var url = await server.CreateDatabaseAsync("nova");
        await MariaDbServer.ExecuteScriptAsync(url, await File.ReadAllTextAsync(RepositoryFiles.Path("tests/data/nova/nova.sql")));
        await MariaDbServer.ExecuteAsync(url, Rows());

        // k = 1: exact fan-out bins (the default k merges bins of fewer than k parents, issue 9)
        var (profile, inference) = await Profiler.ProfileAsync(MariaDbServer.Parse(url), new ProfileSettings { MinCount = 1 },
            new ForeignKeyInferenceOptions());

        Assert.Equal(110, profile.Tables.Count);
        Assert.Equal(25, profile.Tables.Sum(t => t.ForeignKeys.Count(f => f.Declared)));
        Assert.Equal(
            [
                "console_auth_tokens.instance_uuid -> instances.uuid",
                "instance_id_mappings.uuid -> instances.uuid",
                "pci_devices.instance_uuid -> instances.uuid",
                "tags.resource_id -> instances.uuid",
            ],
            inference.Candidates.Where(c => c.Accepted).Select(c => c.Reference.ToString()));
        var tags = inference.Candidates.Single(c => c.Accepted && c.Reference.Table == "tags");
        Assert.Null(tags.NameRule); // the data alone: resource_id names no table
        var cache = inference.Candidates.Single(c => c.Reference.ToString() == "volume_usage_cache.instance_uuid -> instances.uuid");
        Assert.Equal((false, "6 of 6 values have no parent"), (cache.Accepted, cache.Reason));
        var pci = profile.Tables.Single(t => t.Name == "pci_devices").ForeignKeys.Single(f => f.Columns[0] == "instance_uuid");
        Assert.False(pci.Declared);
        var referenced = pci.Stats!.Histogram.Where(b => b.Children > 0).Sum(b => b.Parents);
        Assert.Equal((8L, 6L, 5L), (pci.Stats.ParentRows, pci.Stats.ChildRows, referenced));
    }
}
