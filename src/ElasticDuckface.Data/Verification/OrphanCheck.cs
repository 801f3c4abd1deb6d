using System.Data.Common;
using System.Globalization;
using Dapper;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Verification;

/// <summary>
/// The one orphan check every engine and verify share: child rows whose foreign key columns are all non-NULL yet match
/// no parent row (MATCH SIMPLE: a key with any NULL column is not checked).
/// </summary>
internal static class OrphanCheck
{
    /// <summary>One foreign key's orphans.</summary>
    public sealed record Orphans(string Table, string ForeignKey, string Parent, long Rows);

    /// <summary>SQL counting the orphans of one foreign key; <paramref name="quote"/> quotes identifiers for the engine.</summary>
    public static string CountSql(Func<string, string> quote, string child, IReadOnlyList<string> childColumns, string parent,
        IReadOnlyList<string> parentColumns)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(childColumns);
        ArgumentNullException.ThrowIfNull(parentColumns);
        var notNull = string.Join(" AND ", childColumns.Select(c => $"c.{quote(c)} IS NOT NULL"));
        var join = string.Join(" AND ", childColumns.Zip(parentColumns, (c, p) => $"p.{quote(p)} = c.{quote(c)}"));
        return $"SELECT COUNT(*) FROM {quote(child)} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {quote(parent)} p WHERE {join})";
    }

    /// <summary>SQL counting the orphans of a table's foreign key as the profile declares it.</summary>
    public static string CountSql(Func<string, string> quote, TableProfile table, ForeignKeyProfile fk)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(fk);
        return CountSql(quote, table.Name, fk.Columns, fk.ReferencedTable, fk.ReferencedColumns);
    }

    /// <summary>Counts the orphans of every foreign key of <paramref name="tables"/>; returns those with any.</summary>
    public static async Task<IReadOnlyList<Orphans>> FindAsync(DbConnection connection, DbTransaction? transaction,
        Func<string, string> quote, IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var result = new List<Orphans>();
        foreach (var table in tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                var sql = CountSql(quote, table, fk);
                var command = new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken);
                var count = await connection.ExecuteScalarAsync<long>(command).ConfigureAwait(false);
                if (count > 0)
                    result.Add(new Orphans(table.Name, fk.Name, fk.ReferencedTable, count));
            }
        }

        return result;
    }

    /// <summary>The one-line error of a writer whose load left orphans: a generator bug, never the user's fault.</summary>
    public static DatabaseOperationException Error(string target, IReadOnlyList<Orphans> orphans, string outcome)
    {
        ArgumentNullException.ThrowIfNull(orphans);
        var list = string.Join(", ", orphans.Select(o => string.Create(CultureInfo.InvariantCulture,
            $"table '{o.Table}' has {o.Rows} rows whose {o.ForeignKey} finds no row in '{o.Parent}'")));
        return new DatabaseOperationException(
            $"Foreign key check of {target} failed: {list}. {outcome} "
            + "This is a generator bug; please report it with the profile and seed.");
    }
}
