using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using Npgsql;
using NpgsqlTypes;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// PostgreSQL's load path, shared by the writer of new tables and the one into existing tables: binary
/// <c>COPY ... FROM STDIN</c>, each value in its column's binary encoding. The caller's thread only takes the rows from the
/// generator, in batches; the encoding runs on one task per connection, so with several connections (the writer into a
/// staging schema, whose result the swap makes atomic) the encoding and the server's COPY use every core.
/// </summary>
/// <remarks>
/// With several connections the rows of a table are split between COPY streams batch by batch: the table holds exactly the
/// generated rows whatever the connection count, only their physical order (which SQL leaves undefined) may differ.
/// </remarks>
internal static class PostgresCopy
{
    /// <summary>Rows handed to a COPY stream at a time: large enough that the hand-over costs nothing per row.</summary>
    internal const int BatchRows = 2_048;

    /// <summary>Copies the rows into the table; returns how many.</summary>
    /// <param name="connections">Open connections (their search_path finds the table), one COPY stream each; one
    /// connection inside a transaction keeps the load in that transaction.</param>
    /// <param name="location">The target, for messages.</param>
    /// <param name="table">The table as written.</param>
    /// <param name="columns">Its columns with their PostgreSQL types, in row order.</param>
    /// <param name="rows">The rows (ADR 0002 types).</param>
    /// <param name="enumSchema">The schema that holds the enum types of the columns.</param>
    /// <param name="disagree">What the message says when the server refuses a row.</param>
    /// <param name="typed">Whether to send the values through Npgsql's typed binary import even when
    /// <see cref="PostgresBinaryRows"/> encodes every column (the bench's and tests' comparison).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<long> WriteAsync(IReadOnlyList<NpgsqlConnection> connections, DatabaseLocation location,
        TableProfile table, IReadOnlyList<PostgresColumn> columns, IEnumerable<object?[]> rows, string enumSchema, string disagree,
        bool typed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var copy = $"COPY {PostgresNames.Quote(table.Name)} ({string.Join(", ", columns.Select(c => PostgresNames.Quote(c.Column.Name)))}) "
            + "FROM STDIN (FORMAT BINARY)";
        // the common types are encoded to bytes here, the COPY stream only sends them; a table with a rarer type goes
        // through Npgsql's typed writes, one call per value
        var raw = !typed && PostgresBinaryRows.Encodes(columns);
        var batches = Channel.CreateBounded<object?[][]>(new BoundedChannelOptions(2 * connections.Count)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // the first error wins, from a stream or from the rows (a cancel stops the rows first); the streams stop only on
        // `failed`, so a cancel reaches them after the rows' own OperationCanceledException is kept
        var first = new StrongBox<Exception?>();
        using var failed = new CancellationTokenSource();
        using var produce = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, failed.Token);
        var streams = connections.Select(connection => Task.Run(async () =>
        {
            try
            {
                return raw
                    ? await RawStreamAsync(connection, location, table, columns, copy, batches.Reader, disagree, failed.Token)
                        .ConfigureAwait(false)
                    : await StreamAsync(connection, location, table, columns, copy, batches.Reader, enumSchema, disagree, failed.Token)
                        .ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // the other streams and the batching stop too: the table is not loaded
                Interlocked.CompareExchange(ref first.Value, ex, null);
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToList();
        try
        {
            foreach (var batch in rows.Chunk(BatchRows))
                await batches.Writer.WriteAsync(batch, produce.Token).ConfigureAwait(false);
            batches.Writer.Complete();
        }
#pragma warning disable CA1031 // kept as the load's error unless a stream failed first, thrown below
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref first.Value, ex, null);
            batches.Writer.TryComplete(ex);
            await failed.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            var counts = await Task.WhenAll(streams).ConfigureAwait(false);
            if (first.Value is { } error)
                ExceptionDispatchInfo.Throw(error);
            return counts.Sum();
        }
        catch (Exception) when (first.Value is not null)
        {
            ExceptionDispatchInfo.Throw(first.Value);
            throw;
        }
    }

    /// <summary>
    /// One COPY stream of bytes encoded by <see cref="PostgresBinaryRows"/>: encodes each batch it takes into its buffer and
    /// sends it, until there are no more; returns its rows. A failed or cancelled stream is cancelled, not completed, so the
    /// server keeps none of its rows.
    /// </summary>
    private static async Task<long> RawStreamAsync(NpgsqlConnection connection, DatabaseLocation location, TableProfile table,
        IReadOnlyList<PostgresColumn> columns, string copy, ChannelReader<object?[][]> batches, string disagree,
        CancellationToken cancellationToken)
    {
        var encoder = new PostgresBinaryRows(columns);
        long count = 0;
        try
        {
            var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                stream.WriteTimeout = 0; // none: the server may take long over a big table (as the typed importer's Timeout)
                stream.ReadTimeout = 0;
                try
                {
                    encoder.Append(PostgresBinaryRows.Header);
                    while (await batches.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        while (batches.TryRead(out var batch))
                        {
                            foreach (var row in batch)
                                encoder.Append(row);
                            count += batch.Length;
                            await stream.WriteAsync(encoder.Written, cancellationToken).ConfigureAwait(false);
                            encoder.Clear();
                        }
                    }

                    encoder.Append(PostgresBinaryRows.Trailer);
                    await stream.WriteAsync(encoder.Written, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await CancelAsync(stream).ConfigureAwait(false);
                    throw;
                }
            }

            return count;
        }
        catch (Exception ex) when (Error(ex, location, table, columns, encoder.Column, disagree) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// The one-line error for a load that failed: the server refused a row, or a value of column <paramref name="c"/> could not
    /// be encoded; null for any other exception (thrown as it is).
    /// </summary>
    private static DatabaseOperationException? Error(Exception ex, DatabaseLocation location, TableProfile table,
        IReadOnlyList<PostgresColumn> columns, int c, string disagree)
    {
        if (ex is PostgresException server)
        {
            return new DatabaseOperationException(
                $"Cannot load table '{table.Name}' into {location.Display}: {PostgresErrors.OneLine(server.MessageText)} " + disagree,
                ex);
        }

        if (ex is not (InvalidCastException or OverflowException or FormatException or ArgumentException or NotSupportedException))
            return null;
        var column = columns[Math.Min(c, columns.Count - 1)];
        return new DatabaseOperationException(
            $"Cannot write column {table.Name}.{column.Column.Name} ({column.Type}) into {location.Display}: "
            + $"{PostgresErrors.OneLine(ex.Message)} Report this with the profile.",
            ex);
    }

    /// <summary>Cancels a raw COPY so that closing it does not complete it (a broken connection is left to its error).</summary>
    private static async Task CancelAsync(NpgsqlRawCopyStream stream)
    {
        try
        {
            await stream.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresException or InvalidOperationException or IOException
            or OperationCanceledException or ObjectDisposedException)
        {
            // the stream's own error is the one thrown
        }
    }

    /// <summary>One COPY stream: writes the batches it takes until there are no more; returns its rows.</summary>
    private static async Task<long> StreamAsync(NpgsqlConnection connection, DatabaseLocation location, TableProfile table,
        IReadOnlyList<PostgresColumn> columns, string copy, ChannelReader<object?[][]> batches, string enumSchema, string disagree,
        CancellationToken cancellationToken)
    {
        var c = 0;
        try
        {
            var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                importer.Timeout = TimeSpan.Zero;
                while (await batches.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (batches.TryRead(out var batch))
                    {
                        foreach (var row in batch)
                        {
                            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                            for (c = 0; c < columns.Count; c++)
                                await WriteValueAsync(importer, columns[c], row[c], enumSchema, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (Error(ex, location, table, columns, c, disagree) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// Writes one generated value (ADR 0002 types) in the column's binary encoding; an enum type is named with the staging
    /// schema, as the target may hold a type of the same name until the swap.
    /// </summary>
    internal static Task WriteValueAsync(NpgsqlBinaryImporter importer, PostgresColumn column, object? value, string schema,
        CancellationToken cancellationToken)
    {
        if (value is null)
            return importer.WriteNullAsync(cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        return column.Kind switch
        {
            PostgresValueKind.Int16 => importer.WriteAsync(Convert.ToInt16(value, inv), NpgsqlDbType.Smallint, cancellationToken),
            PostgresValueKind.Int32 => importer.WriteAsync(Convert.ToInt32(value, inv), NpgsqlDbType.Integer, cancellationToken),
            PostgresValueKind.Int64 => importer.WriteAsync(Convert.ToInt64(value, inv), NpgsqlDbType.Bigint, cancellationToken),
            PostgresValueKind.Numeric => importer.WriteAsync(Convert.ToDecimal(value, inv), NpgsqlDbType.Numeric, cancellationToken),
            PostgresValueKind.Money => importer.WriteAsync(Convert.ToDecimal(value, inv), NpgsqlDbType.Money, cancellationToken),
            PostgresValueKind.Real => importer.WriteAsync(Convert.ToSingle(value, inv), NpgsqlDbType.Real, cancellationToken),
            PostgresValueKind.Double => importer.WriteAsync(Convert.ToDouble(value, inv), NpgsqlDbType.Double, cancellationToken),
            PostgresValueKind.Boolean => importer.WriteAsync(Convert.ToBoolean(value, inv), NpgsqlDbType.Boolean, cancellationToken),
            PostgresValueKind.Bit => importer.WriteAsync(Convert.ToBoolean(value, inv), NpgsqlDbType.Bit, cancellationToken),
            PostgresValueKind.Bytea => importer.WriteAsync(value as byte[] ?? Encoding.UTF8.GetBytes(Text(value)),
                NpgsqlDbType.Bytea, cancellationToken),
            PostgresValueKind.Date => importer.WriteAsync(DateOnly.FromDateTime((DateTime)value), NpgsqlDbType.Date, cancellationToken),
            PostgresValueKind.Timestamp => importer.WriteAsync(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Unspecified),
                NpgsqlDbType.Timestamp,
                cancellationToken),
            PostgresValueKind.TimestampTz => importer.WriteAsync(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc),
                NpgsqlDbType.TimestampTz,
                cancellationToken),
            PostgresValueKind.Time => importer.WriteAsync(TimeOfDay(value), NpgsqlDbType.Time, cancellationToken),
            PostgresValueKind.TimeTz => importer.WriteAsync(new DateTimeOffset(new DateTime(1, 1, 2).Add(TimeOfDay(value)), TimeSpan.Zero),
                NpgsqlDbType.TimeTz, cancellationToken),
            PostgresValueKind.Json => importer.WriteAsync(Text(value), NpgsqlDbType.Json, cancellationToken),
            PostgresValueKind.Jsonb => importer.WriteAsync(Text(value), NpgsqlDbType.Jsonb, cancellationToken),
            PostgresValueKind.Uuid => importer.WriteAsync(Uuid(value), NpgsqlDbType.Uuid, cancellationToken),
            PostgresValueKind.Enum => importer.WriteAsync(Text(value), schema + "." + Unquoted(column.Type), cancellationToken),
            _ when PostgresValues.Handles(column.Kind) => PostgresValues.WriteAsync(importer, column, value, cancellationToken),
            _ => importer.WriteAsync(Text(value), NpgsqlDbType.Text, cancellationToken),
        };
    }

    /// <summary>Text as PostgreSQL stores it: invariant culture, without NUL characters (text cannot hold them).</summary>
    internal static string Text(object value)
    {
        var text = value switch
        {
            string s => s,
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToHexString(bytes),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
    }

    /// <summary>An identifier without its double quotes, as Npgsql names types.</summary>
    private static string Unquoted(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    /// <summary>A time of day: the generated time or number of seconds, wrapped into one day.</summary>
    internal static TimeSpan TimeOfDay(object value)
    {
        var ts = value is TimeSpan t ? t : TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        var ticks = ts.Ticks % TimeSpan.TicksPerDay;
        return new TimeSpan(ticks < 0 ? ticks + TimeSpan.TicksPerDay : ticks);
    }

    /// <summary>The UUID a generated text stands for: itself when it is one, else one derived from it, so equal texts stay equal.</summary>
    internal static Guid Uuid(object value)
    {
        var text = Text(value);
        return Guid.TryParse(text, out var guid) ? guid : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
