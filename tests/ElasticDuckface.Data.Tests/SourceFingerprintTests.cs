using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests;

/// <summary>Issue 12: a MariaDB profile fingerprints its server and database; generate refuses that target.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class SourceFingerprintTests(MariaDbServer server)
{
    [Fact]
    public void A_fingerprint_matches_its_identity_only_and_is_salted()
    {
        var a = SourceFingerprint.Create("mysql|h|3306|/var/lib/mysql/|shop");
        var b = SourceFingerprint.Create("mysql|h|3306|/var/lib/mysql/|shop");
        Assert.NotEqual(a, b);
        Assert.True(SourceFingerprint.Matches(a, "mysql|h|3306|/var/lib/mysql/|shop"));
        Assert.False(SourceFingerprint.Matches(a, "mysql|h|3306|/var/lib/mysql/|shop2"));
        Assert.False(SourceFingerprint.Matches("garbage", "x"));
        Assert.False(SourceFingerprint.Matches("hmac-sha256:zz:00", "x"));
    }

    [MySqlFact]
    public async Task Generate_refuses_the_profiled_database_and_accepts_another_on_the_same_server()
    {
        var url = await server.CreateDatabaseAsync("fpsrc");
        await MariaDbServer.ExecuteAsync(url, ["CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b')"]);
        var profile = await Profiler.ProfileAsync(MariaDbServer.Parse(url), new ProfileSettings(), reference: null);
        Assert.NotNull(profile.Source.Fingerprint);
        Assert.DoesNotContain("fpsrc", profile.Source.Fingerprint, StringComparison.Ordinal);

        await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RefuseTheSourceAsync(profile, MariaDbServer.Parse(url),
            CancellationToken.None));
        var other = server.UrlOf(MariaDbServer.UniqueName("fpother"));
        await GenerateRun.RefuseTheSourceAsync(profile, MariaDbServer.Parse(other), CancellationToken.None);

        var request = new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1 }, Target = url, Replace = true };
        var error = await Assert.ThrowsAsync<OutputException>(() => GenerateRun.RunAsync(request));
        Assert.Contains("--i-know-this-is-the-source", error.Message, StringComparison.Ordinal);
    }
}
