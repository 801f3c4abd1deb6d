using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// The registry of engines: adding an engine means adding its folder and one line here. URLs are routed by scheme; a
/// text without <c>scheme://</c> is a SQLite path, the embedded default.
/// </summary>
public static class DatabaseEngines
{
    /// <summary>Every engine this build supports, the embedded default first.</summary>
    public static IReadOnlyList<IDatabaseEngine> All { get; } = [SqliteEngine.Instance, MySqlEngine.Instance, PostgresEngine.Instance];

    /// <summary>The engine of a profile's source dialect, or null for a dialect this build does not know.</summary>
    public static IDatabaseEngine? ForDialect(string dialect) =>
        All.FirstOrDefault(e => string.Equals(e.Name, dialect, StringComparison.OrdinalIgnoreCase));

    /// <summary>The type map of a profile's source dialect; <see cref="NamedColumnTypeMap.Common"/> when it is unknown.</summary>
    public static IColumnTypeMap TypesFor(string dialect) => ForDialect(dialect)?.Types ?? NamedColumnTypeMap.Common;

    /// <summary>Parses a database URL or SQLite path.</summary>
    /// <exception cref="DuckfaceException">The scheme is unknown (the message names the supported ones) or the URL is
    /// malformed.</exception>
    public static DatabaseLocation Parse(string text, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? text[..colon] : "";
        foreach (var engine in All)
        {
            if (engine.Schemes.Any(s => string.Equals(s, scheme, StringComparison.OrdinalIgnoreCase)))
                return engine.Parse(text, environment);
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            var known = string.Join(", ", All.SelectMany(e => e.Schemes).Select(s => s + "://"));
            var examples = string.Join(", ", All.Skip(1).Select(e => e.UrlExample));
            throw new DuckfaceException(
                $"Unsupported database URL scheme '{scheme}://'. Use a SQLite path or one of {known} (e.g. {examples}).");
        }

        return SqliteEngine.Instance.Parse(text, environment);
    }
}
