using System.Threading.Channels;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Takes rows from a source on a thread of its own, in batches, and converts each batch on the thread pool while the caller
/// writes the batches before it: the caller gets the converted batches in the source's order, so a writer whose database
/// accepts rows on one thread only (SQLite) spends that thread on the database alone.
/// </summary>
internal static class OrderedBatches
{
    /// <summary>Rows per batch: large enough that the hand-over costs nothing per row, small enough to start soon.</summary>
    public const int BatchRows = 2_048;

    /// <summary>Batches converted ahead of the one the caller writes (bounds the memory to a few batches).</summary>
    private const int Ahead = 4;

    /// <summary>
    /// The rows of <paramref name="rows"/> converted by <paramref name="convert"/> (which must not depend on other rows), in
    /// batches of <see cref="BatchRows"/> in their order. An error of the source or of a conversion is thrown to the caller at
    /// the batch it stops; stopping early (an error of the caller, a cancel) stops the source within a batch.
    /// </summary>
    public static IEnumerable<T[]> Convert<T>(IEnumerable<object?[]> rows, Func<object?[], T> convert,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(convert);
        var converted = Channel.CreateBounded<Task<T[]>>(new BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(rows, convert, converted.Writer, stop.Token), CancellationToken.None);
        try
        {
            // the caller writes synchronously (SQLite): it waits here only when the conversions fall behind
            while (converted.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (converted.Reader.TryRead(out var batch))
                    yield return batch.GetAwaiter().GetResult();
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // stopped because the caller stopped: the caller's own error (or cancel) is the one that counts
            }
        }
    }

    private static async Task ProduceAsync<T>(IEnumerable<object?[]> rows, Func<object?[], T> convert, ChannelWriter<Task<T[]>> writer,
        CancellationToken cancellationToken)
    {
        try
        {
            foreach (var batch in rows.Chunk(BatchRows))
                await writer.WriteAsync(ConvertAsync(batch, convert), cancellationToken).ConfigureAwait(false);
            writer.Complete();
        }
#pragma warning disable CA1031 // handed to the caller, which throws it where it reads the next batch
        catch (Exception ex)
#pragma warning restore CA1031
        {
            writer.TryComplete(ex);
        }
    }

    private static Task<T[]> ConvertAsync<T>(object?[][] batch, Func<object?[], T> convert) => Task.Run(() =>
    {
        var result = new T[batch.Length];
        for (var i = 0; i < batch.Length; i++)
            result[i] = convert(batch[i]);
        return result;
    });
}
