using System.Data.Common;
using System.Globalization;
using ElasticDuckface.Data.Dialects;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// Measures how much of a column's distinct values a parent key holds, in the database: one <c>LEFT JOIN</c> of the child's
/// distinct values (at most a limit of them) to the key, so only two numbers cross the wire.
/// </summary>
internal sealed class ContainmentQuery(SourceDatabase source, int maxDistinctValues)
{
    private readonly Dictionary<(string, string), long> _parentValues = [];

    /// <summary>Measures <paramref name="pair"/>; a comparison the database refuses is reported in the pair, not thrown.</summary>
    public async Task<ReferencePair> MeasureAsync(ReferencePair pair, CancellationToken cancellationToken)
    {
        var r = pair.Reference;
        var q = source.Quote;
        var limit = maxDistinctValues.ToString(CultureInfo.InvariantCulture);
        var sql = $"SELECT COUNT(*), COUNT(p.{q(r.ReferencedColumn)}) FROM (SELECT DISTINCT {q(r.Column)} AS v FROM {q(r.Table)} "
            + $"WHERE {q(r.Column)} IS NOT NULL LIMIT {limit}) d LEFT JOIN {q(r.ReferencedTable)} p ON p.{q(r.ReferencedColumn)} = d.v";
        try
        {
            var (distinct, found) = await source.QuerySingleAsync<(long, long)>(sql, cancellationToken).ConfigureAwait(false);
            var parents = await ParentValuesAsync(r, cancellationToken).ConfigureAwait(false);
            return pair with { Containment = new Containment(distinct, found, distinct >= maxDistinctValues, parents) };
        }
        catch (DbException ex)
        {
            // e.g. MySQL's "Illegal mix of collations": the two columns cannot be the same identifier
            return pair with { Error = ex.Message.ReplaceLineEndings(" ").TrimEnd('.') };
        }
    }

    private async Task<long> ParentValuesAsync(ColumnReference r, CancellationToken cancellationToken)
    {
        if (_parentValues.TryGetValue((r.ReferencedTable, r.ReferencedColumn), out var known))
            return known;
        var q = source.Quote;
        var count = await source.ScalarAsync($"SELECT COUNT({q(r.ReferencedColumn)}) FROM {q(r.ReferencedTable)}", cancellationToken)
            .ConfigureAwait(false);
        _parentValues[(r.ReferencedTable, r.ReferencedColumn)] = count;
        return count;
    }
}
