using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// MySQL's load path, shared by the writer of new tables and the one into existing tables: generated rows streamed
/// through <see cref="MySqlBulkCopy"/> (<c>LOAD DATA LOCAL INFILE</c>) in batches, any warning treated as a failure.
/// </summary>
internal static class MySqlBulkLoad
{
    /// <summary>Rows sent per LOAD DATA statement: bounded memory for tables of any size.</summary>
    private const int BatchRows = 200_000;

    /// <summary>Loads every row; returns how many were inserted.</summary>
    /// <param name="connection">The open connection, its database the one holding <paramref name="table"/>.</param>
    /// <param name="transaction">The transaction to load in, or null.</param>
    /// <param name="location">The target, for messages.</param>
    /// <param name="table">The table as written: its columns in row order.</param>
    /// <param name="rows">The rows (ADR 0002 types).</param>
    /// <param name="byName">Name every column (the table may have others, left to their defaults); otherwise columns map
    /// by position, except that YEAR columns always need names.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<long> WriteAsync(MySqlConnection connection, MySqlTransaction? transaction, DatabaseLocation location,
        TableProfile table, IEnumerable<object?[]> rows, bool byName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        using var enumerator = rows.GetEnumerator();
        long written = 0;
        while (true)
        {
            // one LOAD DATA statement per batch: streamed rows, bounded undo log per statement
            using var batch = new RowBatchReader(enumerator, table.Columns.Count, BatchRows);
            written += await LoadAsync(connection, transaction, location, table, batch, byName, cancellationToken).ConfigureAwait(false);
            if (!batch.HasMoreRows)
                return written;
        }
    }

    private static async Task<long> LoadAsync(MySqlConnection connection, MySqlTransaction? transaction, DatabaseLocation location,
        TableProfile table, RowBatchReader batch, bool byName, CancellationToken cancellationToken)
    {
        var bulkCopy = new MySqlBulkCopy(connection, transaction)
        {
            DestinationTableName = MySqlNames.Quote(table.Name),
            BulkCopyTimeout = 0,
        };
        // MySqlBulkCopy refuses YEAR columns only when it maps columns itself ("'YEAR' columns are not supported"): map every
        // column by position; generated years are four-digit numbers, which YEAR stores as given (issue 12)
        if (byName || table.Columns.Any(c => c.Category == ColumnCategory.Year))
        {
            for (var i = 0; i < table.Columns.Count; i++)
                bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, table.Columns[i].Name));
        }

        try
        {
            var result = await bulkCopy.WriteToServerAsync(batch, cancellationToken).ConfigureAwait(false);
            // LOAD DATA LOCAL turns bad values into warnings (truncated, clipped, duplicate skipped): treat any as a failure.
            if (result.Warnings.Count > 0)
            {
                var first = result.Warnings[0];
                throw new DatabaseOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Loading table '{table.Name}' into {location.Display} gave {result.Warnings.Count} warnings, first: {first.Message} ")
                    + $"({first.ErrorCode}). The profile and the target schema disagree; regenerate into a fresh database.");
            }

            return result.RowsInserted;
        }
        catch (MySqlException ex) when (cancellationToken.IsCancellationRequested)
        {
            // the row stream threw on the cancel inside LOAD DATA LOCAL, which reports it as its own error: a cancel, not a failure
            throw new OperationCanceledException("The load was cancelled.", ex, cancellationToken);
        }
        catch (MySqlException ex)
        {
            var fix = ex.ErrorCode is MySqlErrorCode.NotAllowedCommand
                ? " Turn on local_infile on the server (SET GLOBAL local_infile = 1)."
                : "";
            throw new DatabaseOperationException($"Cannot load table '{table.Name}' into {location.Display}: "
                + $"{MySqlErrors.OneLine(ex.Message)}{fix}", ex);
        }
    }
}
