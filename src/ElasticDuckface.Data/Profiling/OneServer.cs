using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Whether several MySQL/MariaDB locations are databases of one server (ADR 0007: one query joins them). The URLs may name
/// one server differently (<c>127.0.0.1</c> and <c>localhost</c>, a port and a socket): where their host and port differ
/// the servers are asked who they are, as the source fingerprint does (host name, port and data directory).
/// </summary>
internal static class OneServer
{
    public static async Task<bool> HoldsAsync(IReadOnlyList<DatabaseLocation> locations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locations);
        if (locations.Any(l => l.Engine != MySqlEngine.Instance))
            return false;
        if (locations.Select(l => l.Server).Distinct(StringComparer.OrdinalIgnoreCase).Count() <= 1)
            return true;
        var servers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var location in locations)
        {
            var identity = await location.Engine.ReadIdentityAsync(location, cancellationToken).ConfigureAwait(false);
            // mysql|host|port|datadir|database: the server is everything before the database
            servers.Add(identity[..identity.LastIndexOf('|')]);
        }

        return servers.Count == 1;
    }
}
