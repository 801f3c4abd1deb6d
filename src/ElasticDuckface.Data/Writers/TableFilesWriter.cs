using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// The part of a one-file-per-table writer (CSV, Parquet) that does not depend on the format: the call order, one write per
/// table into the staging directory of an <see cref="OutputDirectory"/>, an empty file for every table not written, the moves
/// into place on completion, and the cleanup when disposed without completing.
/// </summary>
internal abstract class TableFilesWriter(OutputDirectory output) : IDatabaseWriter
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private IReadOnlyList<TableProfile> _tables = [];
    private bool _schemaCreated;
    private bool _completed;
    private bool _disposed;

    /// <summary>The file name of each table, after <see cref="CreateSchemaAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> FileNames => output.FileNames;

    /// <inheritdoc/>
    /// <remarks>Assigns each table a file name: its name with characters that are not allowed in file names replaced by <c>_</c>.</remarks>
    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_schemaCreated)
            throw new InvalidOperationException("The schema was already created.");
        output.AssignNames(tables);
        _tables = tables;
        _schemaCreated = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var path = output.StagingFile(table.Name);
        if (!_written.Add(table.Name))
            throw new InvalidOperationException($"The rows of table '{table.Name}' were already written.");
        try
        {
            var stream = OutputFiles.CreateTemporary(path, output.TargetFile(table.Name));
            await using (stream.ConfigureAwait(false))
                return await WriteFileAsync(table, Checked(table, rows), stream, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw output.WriteError(table.Name, ex);
        }
    }

    /// <summary>Writes one table's file (the stream is disposed by the caller); returns the rows written.</summary>
    protected abstract Task<long> WriteFileAsync(TableProfile table, IEnumerable<object?[]> rows, Stream stream,
        CancellationToken cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Writes a file without rows for every table whose rows were not written, then moves the files into place.</remarks>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            return;
        foreach (var table in _tables)
        {
            if (!_written.Contains(table.Name))
                await WriteRowsAsync(table, [], cancellationToken).ConfigureAwait(false);
        }

        output.MoveIntoPlace();
        _completed = true;
    }

    /// <summary>Without <see cref="CompleteAsync"/>, deletes the partial files (and the directory if this writer created it).</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        if (!_completed)
            output.Abandon();
        return ValueTask.CompletedTask;
    }

    private static IEnumerable<object?[]> Checked(TableProfile table, IEnumerable<object?[]> rows)
    {
        var width = table.Columns.Count;
        foreach (var row in rows)
        {
            if (row.Length != width)
            {
                throw new ArgumentException($"A row of '{table.Name}' has {row.Length} values; the table has {width} columns.",
                    nameof(rows));
            }

            yield return row;
        }
    }
}
