using System.Globalization;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 12: a PostgreSQL profile fingerprints its cluster (system identifier), port, database and schema, so generate refuses
/// the source however the URL names the server (TCP address or socket directory) and accepts another database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSourceFingerprintTests(PostgresServer server)
{
    [PostgresFact]
    public async Task Generate_refuses_the_profiled_database_by_another_name_of_the_server_and_accepts_another_database()
    {
        var url = await server.CreateDatabaseAsync("fpsrc");
        await PostgresServer.ExecuteAsync(url, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        var profile = await Profiler.ProfileAsync(PostgresServer.Parse(url), new ProfileSettings(), reference: null);
        Assert.NotNull(profile.Source.Fingerprint);
        var ct = CancellationToken.None;

        await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RefuseTheSourceAsync(profile, PostgresServer.Parse(url), ct));
        if (server.SocketDirectory is { } socket)
        {
            // the same database through the socket directory: the URL differs, the cluster does not
            var database = PostgresServer.Parse(url).DatabaseName!;
            var bySocket = string.Create(CultureInfo.InvariantCulture,
                $"postgres://postgres@{Uri.EscapeDataString(socket)}:{server.Port}/{database}");
            await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RefuseTheSourceAsync(profile, PostgresServer.Parse(bySocket), ct));
        }

        await GenerateRun.RefuseTheSourceAsync(profile, PostgresServer.Parse(server.NewDatabaseUrl("fpother")), ct);
    }
}
