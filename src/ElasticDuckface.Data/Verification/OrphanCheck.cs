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
        return Count(quote, quote(child), childColumns, parent, parentColumns);
    }

    /// <summary>
    /// SQL counting the distinct orphan key values of one foreign key: zero exactly when <see cref="CountSql(Func{string, string},
    /// string, IReadOnlyList{string}, string, IReadOnlyList{string})"/> is zero, and cheaper where the engine reads the distinct
    /// values off the key's index (MariaDB's loose index scan: one parent lookup per value instead of per row).
    /// </summary>
    public static string DistinctKeysSql(Func<string, string> quote, TableProfile table, ForeignKeyProfile fk)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(fk);
        var keys = $"(SELECT DISTINCT {string.Join(", ", fk.Columns.Select(quote))} FROM {quote(table.Name)})";
        return Count(quote, keys, fk.Columns, fk.ReferencedTable, fk.ReferencedColumns);
    }

    private static string Count(Func<string, string> quote, string rows, IReadOnlyList<string> childColumns, string parent,
        IReadOnlyList<string> parentColumns)
    {
        var notNull = string.Join(" AND ", childColumns.Select(c => $"c.{quote(c)} IS NOT NULL"));
        return $"SELECT COUNT(*) FROM {rows} c WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {quote(parent)} p WHERE "
            + $"{Match(quote, childColumns, parentColumns)})";
    }

    /// <summary>
    /// The condition that child row <c>c</c> references parent row <c>p</c>, column by column; false when any child column
    /// is NULL, so it is also the MATCH SIMPLE test of a non-null reference.
    /// </summary>
    public static string Match(Func<string, string> quote, IReadOnlyList<string> childColumns, IReadOnlyList<string> parentColumns)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(childColumns);
        ArgumentNullException.ThrowIfNull(parentColumns);
        return string.Join(" AND ", childColumns.Zip(parentColumns, (c, p) => $"p.{quote(p)} = c.{quote(c)}"));
    }

    /// <summary>SQL counting the orphans of a table's foreign key as the profile declares it.</summary>
    public static string CountSql(Func<string, string> quote, TableProfile table, ForeignKeyProfile fk)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(fk);
        return CountSql(quote, table.Name, fk.Columns, fk.ReferencedTable, fk.ReferencedColumns);
    }

    /// <summary>Counts the orphans of every foreign key of <paramref name="tables"/>; returns those with any.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The transaction to count in, or null.</param>
    /// <param name="quote">Quotes identifiers for the engine.</param>
    /// <param name="tables">The tables whose foreign keys are checked.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="keysFirst">Count the distinct orphan keys first (<see cref="DistinctKeysSql"/>) and the rows only of a
    /// foreign key that has any.</param>
    public static async Task<IReadOnlyList<Orphans>> FindAsync(DbConnection connection, DbTransaction? transaction,
        Func<string, string> quote, IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken, bool keysFirst = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var result = new List<Orphans>();
        foreach (var table in tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                if (keysFirst && await ScalarAsync(DistinctKeysSql(quote, table, fk)).ConfigureAwait(false) == 0)
                    continue;
                var count = await ScalarAsync(CountSql(quote, table, fk)).ConfigureAwait(false);
                if (count > 0)
                    result.Add(new Orphans(table.Name, fk.Name, fk.ReferencedTable, count));
            }
        }

        return result;

        Task<long> ScalarAsync(string sql) => connection.ExecuteScalarAsync<long>(
            new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
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
