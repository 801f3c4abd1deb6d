using ElasticDuckface.Profiles;
using Parquet;
using Parquet.Schema;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Writes one <c>&lt;table&gt;.parquet</c> per table into a directory (<c>generate --format parquet</c>), typed columns as
/// <see cref="ParquetColumn"/> maps them, Snappy-compressed, in row groups of at most <see cref="MaxRowGroupRows"/> rows and
/// about <see cref="MaxRowGroupBytes"/> of buffered values, so memory stays flat whatever the table's size. Spark, Trino and
/// DuckDB read the directory of each shard directly (docs/scale-out.md).
/// </summary>
/// <remarks>Files are written into a <c>.partial-&lt;pid&gt;</c> subdirectory and moved into place by
/// <see cref="TableFilesWriter.CompleteAsync"/>, as the CSV writer does; disposing without completing deletes them.</remarks>
internal sealed class ParquetFilesWriter : TableFilesWriter
{
    /// <summary>The most rows in one row group.</summary>
    public const int MaxRowGroupRows = 65_536;

    /// <summary>The most buffered value bytes (estimated) before a row group is written.</summary>
    public const long MaxRowGroupBytes = 32L << 20;

    private readonly int _maxRows;

    private ParquetFilesWriter(OutputDirectory output, int maxRows)
        : base(output) => _maxRows = maxRows;

    /// <summary>Opens a writer for a directory of Parquet files, creating the directory when it is missing.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="replace">Whether a non-empty directory may be written into (its same-named Parquet files are replaced).</param>
    /// <param name="maxRowGroupRows">The most rows per row group (tests use small ones).</param>
    /// <param name="cancellationToken">Unused; for symmetry with the other writers.</param>
    /// <exception cref="OutputException">The directory is not empty (without <paramref name="replace"/>), is a file, or
    /// cannot be written.</exception>
    public static Task<ParquetFilesWriter> CreateAsync(string directory, bool replace, int maxRowGroupRows = MaxRowGroupRows,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowGroupRows, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ParquetFilesWriter(OutputDirectory.Open(directory, replace, "Parquet", ".parquet"), maxRowGroupRows));
    }

    /// <inheritdoc/>
    protected override async Task<long> WriteFileAsync(TableProfile table, IEnumerable<object?[]> rows, Stream stream,
        CancellationToken cancellationToken)
    {
        var columns = ParquetColumn.For(table);
        var file = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), stream,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new List<object?[]>(Math.Min(_maxRows, 4096));
            long bytes = 0;
            long count = 0;
            foreach (var row in rows)
            {
                buffer.Add(row);
                foreach (var value in row)
                    bytes += ParquetColumn.EstimatedBytes(value);
                count++;
                if (buffer.Count < _maxRows && bytes < MaxRowGroupBytes)
                    continue;
                await WriteGroupAsync(file, columns, buffer, cancellationToken).ConfigureAwait(false);
                buffer.Clear();
                bytes = 0;
            }

            if (buffer.Count > 0)
                await WriteGroupAsync(file, columns, buffer, cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    private static async Task WriteGroupAsync(ParquetWriter file, IReadOnlyList<ParquetColumn> columns, List<object?[]> rows,
        CancellationToken cancellationToken)
    {
        using var group = file.CreateRowGroup();
        foreach (var column in columns)
            await column.WriteAsync(group, rows, cancellationToken).ConfigureAwait(false);
    }
}
