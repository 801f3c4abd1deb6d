using System.Globalization;
using System.Security.Cryptography;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// The server of one sweep and the names of its databases: <c>duckface_sweep_RUNID_sI_rJ</c>, RUNID random per sweep,
/// so that a sweep only ever creates, and drops, databases no one else has.
/// </summary>
internal sealed class SweepServer
{
    /// <summary>Every sweep database's name starts with this.</summary>
    public const string NamePrefix = "duckface_sweep_";

    private readonly string _url;

    private SweepServer(string url, IDatabaseEngine engine, IScratchServer scratch, string runId)
    {
        _url = url;
        Engine = engine;
        Scratch = scratch;
        RunId = runId;
        Location = Parse(scratch.DatabaseUrl(url, RunPrefix + "server"));
    }

    public IDatabaseEngine Engine { get; }

    public IScratchServer Scratch { get; }

    /// <summary>Eight random hex digits naming this sweep.</summary>
    public string RunId { get; }

    /// <summary>The prefix of this sweep's databases.</summary>
    public string RunPrefix => NamePrefix + RunId + "_";

    /// <summary>A location on the server (of a database that need not exist) for server-wide operations.</summary>
    public DatabaseLocation Location { get; }

    /// <summary>The server as printed: without password and database.</summary>
    public string Display => ServerUrl.WithoutPassword(_url);

    /// <summary>Opens the sweep of a server URL (<c>mysql://</c>, <c>postgres://</c>, <c>sqlite:FOLDER</c>).</summary>
    /// <exception cref="DuckfaceException">The URL is malformed or its engine cannot be swept (exit 2).</exception>
    public static SweepServer Open(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var probe = url.Contains("://", StringComparison.Ordinal) ? ServerUrl.WithDatabase(url, "probe") : url;
        var engine = DatabaseLocation.Parse(probe).Engine;
        var scratch = engine.Scratch ?? throw new DuckfaceException($"duckface sweep cannot use a {engine.Name} server. "
            + "Give mysql://user@host:port, postgres://user@host:port or sqlite:FOLDER.");
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return new SweepServer(url, engine, scratch, runId);
    }

    /// <summary>The name of the database of scale number <paramref name="scale"/> (1-based) and repeat <paramref name="repeat"/>.</summary>
    public string DatabaseName(int scale, int repeat) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunPrefix}s{scale}_r{repeat}");

    /// <summary>The URL of a database (with the credentials of the server URL).</summary>
    public string Url(string name) => Scratch.DatabaseUrl(_url, name);

    /// <summary>The location of a database.</summary>
    public DatabaseLocation Locate(string name) => Parse(Url(name));

    private static DatabaseLocation Parse(string url) => DatabaseLocation.Parse(url);
}
