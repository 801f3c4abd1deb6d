using System.Data.Common;
using System.Text;
using ElasticDuckface.Data.Dialects;
using MySqlConnector;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Streams the rows of a query in the source's read-only transaction, for reads too large to buffer through Dapper
/// (a table's sample, a foreign key's groups with their keys).
/// </summary>
internal static class RowReader
{
    /// <summary>Runs <paramref name="sql"/> and hands each row to <paramref name="onRow"/> while the reader is on it.</summary>
    public static async Task ReadAsync(SourceDatabase source, string sql, Action<DbDataReader> onRow, CancellationToken cancellationToken)
    {
        var command = source.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            command.Transaction = source.Transaction;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    onRow(reader);
            }
        }
    }

    /// <summary>The value at <paramref name="ordinal"/>, null for NULL.</summary>
    public static object? Value(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        try
        {
            return reader.GetValue(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            // MySQL DECIMAL(65,30) holds more digits than .NET decimal (issue 12): keep the exact text
            if (reader is MySqlDataReader mysql && reader.GetFieldType(ordinal) == typeof(decimal))
                return mysql.GetMySqlDecimal(ordinal).ToString();
            // e.g. a value the driver cannot map to the declared type: measure its text
            return Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal));
        }
    }
}
