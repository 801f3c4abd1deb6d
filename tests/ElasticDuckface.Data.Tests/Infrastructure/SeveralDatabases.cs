using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// A small Nova of two databases on the MariaDB server (ADR 0007): a cell (<c>instances</c>, <c>pci_devices</c>) and an API
/// database (<c>cell_mappings</c>, <c>instance_mappings</c> whose <c>instance_uuid</c> names a cell instance).
/// </summary>
internal static class SeveralDatabases
{
    /// <summary>The cell's tables, as MariaDB DDL.</summary>
    public static readonly string[] CellSchema =
    [
        "CREATE TABLE instances (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, uuid VARCHAR(36) NOT NULL, deleted INT, "
            + "UNIQUE KEY u (uuid))",
        "CREATE TABLE pci_devices (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, instance_uuid VARCHAR(36))",
    ];

    /// <summary>The API database's tables, as MariaDB DDL.</summary>
    public static readonly string[] ApiSchema =
    [
        "CREATE TABLE cell_mappings (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))",
        "CREATE TABLE instance_mappings (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, instance_uuid VARCHAR(36) NOT NULL, "
            + "cell_id INT, UNIQUE KEY u (instance_uuid), FOREIGN KEY (cell_id) REFERENCES cell_mappings (id))",
    ];

    /// <summary>The same tables as PostgreSQL DDL (what an application's migrations would make there).</summary>
    public const string PostgresCellSchema =
        "CREATE TABLE instances (id serial PRIMARY KEY, uuid varchar(36) NOT NULL UNIQUE, deleted int); "
        + "CREATE TABLE pci_devices (id serial PRIMARY KEY, instance_uuid varchar(36));";

    /// <summary>The API tables as PostgreSQL DDL.</summary>
    public const string PostgresApiSchema =
        "CREATE TABLE cell_mappings (id serial PRIMARY KEY, name varchar(20)); "
        + "CREATE TABLE instance_mappings (id serial PRIMARY KEY, instance_uuid varchar(36) NOT NULL UNIQUE, "
        + "cell_id int REFERENCES cell_mappings (id));";

    /// <summary>The uuid of the cell's instance <paramref name="i"/>.</summary>
    public static string Uuid(int i) => $"00000001-0000-4000-8000-{i:x12}";

    /// <summary>Creates the two source databases with 20 instances, 20 devices, 2 cells and 20 mappings; returns their URLs.</summary>
    public static async Task<(string Cell, string Api)> CreateSourcesAsync(MariaDbServer server)
    {
        var cell = await server.CreateDatabaseAsync("cell");
        var api = await server.CreateDatabaseAsync("api");
        var cellRows = new List<string>(CellSchema);
        var apiRows = new List<string>(ApiSchema) { "INSERT INTO cell_mappings (name) VALUES ('cell0'), ('cell1')" };
        for (var i = 1; i <= 20; i++)
        {
            cellRows.Add($"INSERT INTO instances (uuid, deleted) VALUES ('{Uuid(i)}', 0)");
            cellRows.Add($"INSERT INTO pci_devices (instance_uuid) VALUES ('{Uuid(i % 7 + 1)}')");
            apiRows.Add($"INSERT INTO instance_mappings (instance_uuid, cell_id) VALUES ('{Uuid(i)}', {i % 2 + 1})");
        }

        await MariaDbServer.ExecuteAsync(cell, cellRows);
        await MariaDbServer.ExecuteAsync(api, apiRows);
        return (cell, api);
    }

    /// <summary>
    /// The sources profiled as one with <c>--infer-fks</c> (so <c>api.instance_mappings.instance_uuid</c> refers to
    /// <c>cell.instances.uuid</c> across the databases); returns the profile and the two database names.
    /// </summary>
    public static async Task<(DatabaseProfile Profile, string Cell, string Api)> ProfileAsync(MariaDbServer server)
    {
        var (cellUrl, apiUrl) = await CreateSourcesAsync(server);
        var (cell, api) = (MariaDbServer.Parse(cellUrl), MariaDbServer.Parse(apiUrl));
        var (profile, _) = await Profiler.ProfileAsync([cell, api], new ProfileSettings(), new ForeignKeyInferenceOptions());
        return (profile, cell.DatabaseName!, api.DatabaseName!);
    }
}
