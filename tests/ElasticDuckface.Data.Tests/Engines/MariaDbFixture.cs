using System.Data.Common;
using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Tests.Infrastructure;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>MariaDB: fresh databases on the shared test server (<see cref="MariaDbServer"/>), dropped on dispose.</summary>
public sealed class MariaDbFixture(MariaDbServer server) : IEngineFixture
{
    private readonly List<string> _urls = [];

    public static string? SkipReason => MariaDbAvailability.SkipReason;

    public IDatabaseEngine Engine => MySqlEngine.Instance;

    /// <summary>Statements that write, counted by the server; the test collection runs one class at a time, so nobody else adds to
    /// them.</summary>
    public IReadOnlyList<string> WriteCounters { get; } =
    [
        "Com_insert", "Com_insert_select", "Com_update", "Com_delete", "Com_replace", "Com_load",
        "Com_create_table", "Com_drop_table", "Com_alter_table", "Com_create_db", "Com_drop_db",
    ];

    public string NewDatabaseUrl(string name)
    {
        var url = server.UrlOf(MariaDbServer.UniqueName(name));
        _urls.Add(url);
        return url;
    }

    public async Task LoadChinookAsync(string url)
    {
        var location = MariaDbServer.Parse(url);
        await Engine.CreateDatabaseAsync(location, CancellationToken.None);
        await MariaDbServer.LoadScriptFileAsync(url, RepositoryFiles.Path("examples/chinook/Chinook_MySql.sql"), "Chinook");
    }

    public async Task<DbConnection> OpenAsync(string url)
    {
        var connection = new MySqlConnection(MariaDbServer.Parse(url).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary><c>CHECKSUM TABLE ... EXTENDED</c> of every table (it reads every row).</summary>
    public async Task<string> FingerprintAsync(string url)
    {
        await using var connection = await OpenAsync(url);
        var tables = await connection.QueryAsync<string>(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            var row = (IDictionary<string, object>)await connection.QuerySingleAsync($"CHECKSUM TABLE {MySqlNames.Quote(table)} EXTENDED");
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{table}={row["Checksum"]}"));
        }

        return string.Join(",", parts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var url in _urls)
            await Engine.DropDatabaseAsync(MariaDbServer.Parse(url), CancellationToken.None);
    }
}
