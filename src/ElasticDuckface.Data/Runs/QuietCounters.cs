using ElasticDuckface.Data.Connections;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// Reads a server's counters once it is quiet: two intervals in a row that cost the same are only the cost of reading
/// (MariaDB's SHOW GLOBAL STATUS reads ~560 rows, a PostgreSQL session's catalog lookups), and nothing else is still being
/// published (a finished session's counters, background statistics work).
/// </summary>
internal sealed class QuietCounters(SweepServer server, DatabaseLocation database)
{
    /// <summary>Reads before giving up on quiet and taking the counters as they are.</summary>
    private const int MaxReads = 10;

    /// <summary>The counters, what one read costs, and how many reads this call made after its first.</summary>
    public async Task<(IReadOnlyDictionary<string, long> Status, IReadOnlyDictionary<string, double> PerRead, int Reads)> ReadAsync(
        CancellationToken cancellationToken)
    {
        var a = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
        var b = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
        var reads = 2;
        while (true)
        {
            var c = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
            reads++;
            var first = server.Scratch.Measures(a, b);
            var second = server.Scratch.Measures(b, c);
            if (reads >= MaxReads || first.Count == second.Count && first.All(p => second.GetValueOrDefault(p.Key) == p.Value))
                return (c, second, reads);
            (a, b) = (b, c);
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> ReadOneAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(server.Scratch.QuietInterval, cancellationToken).ConfigureAwait(false);
        return await server.Engine.ReadStatusAsync(database, cancellationToken).ConfigureAwait(false);
    }
}
