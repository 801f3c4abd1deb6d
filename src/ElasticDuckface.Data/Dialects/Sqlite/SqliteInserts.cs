using System.Globalization;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// SQLite's load path, shared by the writer of new files and the one into existing files: one prepared INSERT per
/// table, reused for every row in the caller's transaction.
/// </summary>
internal sealed class SqliteInserts(SqliteConnection connection) : IAsyncDisposable
{
    private static readonly object s_one = 1L;
    private static readonly object s_zero = 0L;
    private readonly Dictionary<string, SqliteCommand> _inserts = new(StringComparer.Ordinal);

    /// <summary>The transaction every INSERT runs in.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Inserts the rows (ADR 0002 types, in the order of the table's columns); returns how many.</summary>
    /// <exception cref="DatabaseOperationException">A row is refused (constraint, type).</exception>
    public long Write(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var command = InsertCommand(table);
        var categories = table.Columns.Select(c => c.Category).ToArray();
        var parameters = command.Parameters;
        long count = 0;
        // the values are converted to what SQLite binds (dates as text, booleans as 0/1) on the thread pool, batches ahead:
        // this thread only binds and steps the INSERT
        foreach (var batch in OrderedBatches.Convert(rows, row => Converted(table, categories, row), cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var row in batch)
            {
                for (var i = 0; i < row.Length; i++)
                    parameters[i].Value = row[i];
                try
                {
                    // synchronous on purpose: Microsoft.Data.Sqlite's async path is the sync call plus a Task per row
                    command.ExecuteNonQuery();
                }
                catch (SqliteException ex)
                {
                    throw new DatabaseOperationException(
                        $"Writing row {count + 1} of table '{table.Name}' failed: {ex.Message.TrimEnd('.')}.", ex);
                }

                count++;
            }
        }

        return count;
    }

    /// <summary>A row's values as SQLite binds them, in a new array (the caller's row is left as it is).</summary>
    private static object[] Converted(TableProfile table, ColumnCategory[] categories, object?[] row)
    {
        if (row.Length != categories.Length)
            throw new ArgumentException(
                $"A row of '{table.Name}' has {row.Length} values; the table has {categories.Length} columns.", nameof(row));
        var values = new object[row.Length];
        for (var i = 0; i < row.Length; i++)
            values[i] = ToSqlite(row[i], categories[i]);
        return values;
    }

    /// <summary>The SQLite value of an ADR-0002 row value.</summary>
    internal static object ToSqlite(object? value, ColumnCategory category) => value switch
    {
        null => DBNull.Value,
        bool b => b ? s_one : s_zero,
        decimal m => RowValueText.Decimal(m),
        DateTime dt => category == ColumnCategory.Date ? RowValueText.Date(dt) : RowValueText.DateTime(dt),
        TimeSpan ts => RowValueText.Time(ts),
        _ => value,
    };

    /// <summary>Disposes the prepared commands.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts.Values)
            await command.DisposeAsync().ConfigureAwait(false);
        _inserts.Clear();
    }

    private SqliteCommand InsertCommand(TableProfile table)
    {
        if (_inserts.TryGetValue(table.Name, out var existing))
            return existing;
        var names = string.Join(", ", table.Columns.Select(c => SqliteNames.Quote(c.Name)));
        var values = string.Join(", ", table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)));
        var command = connection.CreateCommand();
        command.Transaction = Transaction;
#pragma warning disable CA2100 // Review SQL queries for security vulnerabilities: identifiers are quoted, values are parameters
        command.CommandText = $"INSERT INTO {SqliteNames.Quote(table.Name)} ({names}) VALUES ({values})";
#pragma warning restore CA2100
        for (var i = 0; i < table.Columns.Count; i++)
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture),
                SqliteTypeOf(table.Columns[i].Category)));
        try
        {
            command.Prepare();
        }
        catch (SqliteException ex)
        {
            command.Dispose();
            throw new DatabaseOperationException(
                $"Cannot prepare the INSERT into '{table.Name}': {ex.Message.TrimEnd('.')}. Was the table in the schema?", ex);
        }

        _inserts.Add(table.Name, command);
        return command;
    }

    private static SqliteType SqliteTypeOf(ColumnCategory category) => category switch
    {
        ColumnCategory.Integer or ColumnCategory.Year or ColumnCategory.Boolean => SqliteType.Integer,
        ColumnCategory.Float => SqliteType.Real,
        ColumnCategory.Binary => SqliteType.Blob,
        _ => SqliteType.Text,
    };
}
