using System.Globalization;
using CsvHelper;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using CsvOutput = CsvHelper.CsvWriter;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Writes one <c>&lt;table&gt;.csv</c> per table into a directory: RFC 4180 with a header row of column names, UTF-8
/// without BOM, LF line ends, invariant culture. NULL is an empty unquoted field and an empty string is <c>""</c>;
/// booleans are 1/0, binary is lower-case hex, dates <c>yyyy-MM-dd</c>, date-times <c>yyyy-MM-dd HH:mm:ss</c>.
/// </summary>
/// <remarks>
/// <para>
/// Files are written into a <c>.partial-&lt;pid&gt;</c> subdirectory and moved into place by <see cref="CompleteAsync"/>;
/// disposing without completing deletes them (and the directory, if this writer created it).
/// </para>
/// <para>
/// With replace, only the CSV files of this schema are overwritten: other files in the directory are never deleted.
/// RFC 4180 cannot tell NULL from an empty string in a record with a single field: both are written as <c>""</c>.
/// </para>
/// </remarks>
internal sealed class CsvWriter : IDatabaseWriter
{
    private static readonly CsvWriterOptions s_options = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
        Quoting = CsvQuoting.WhenNeeded,
    };

    private readonly string _directory;
    private readonly string _staging;
    private readonly bool _createdDirectory;
    private readonly bool _replace;
    private readonly Dictionary<string, string> _fileNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private IReadOnlyList<TableProfile> _tables = [];
    private bool _schemaCreated;
    private bool _completed;
    private bool _disposed;

    private CsvWriter(string directory, string staging, bool createdDirectory, bool replace)
    {
        _directory = directory;
        _staging = staging;
        _createdDirectory = createdDirectory;
        _replace = replace;
    }

    /// <summary>Opens a writer for a directory of CSV files, creating the directory when it is missing.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="replace">Whether a non-empty directory may be written into (its same-named CSV files are replaced).</param>
    /// <param name="cancellationToken">Unused; for symmetry with the other writers.</param>
    /// <exception cref="OutputException">The directory is not empty (without <paramref name="replace"/>), is a file, or
    /// cannot be written.</exception>
    public static Task<CsvWriter> CreateAsync(string directory, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        cancellationToken.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new OutputException($"Cannot write CSV files into '{full}': it is a file. Give a directory path.");
        var created = false;
        try
        {
            if (Directory.Exists(full))
            {
                if (!replace && Directory.EnumerateFileSystemEntries(full).Any())
                    throw new OutputException($"The CSV output directory '{full}' is not empty. "
                        + $"Pass --replace to overwrite its CSV files, or choose an empty directory.");
            }
            else
            {
                Directory.CreateDirectory(full);
                created = true;
            }

            var staging = Path.Combine(full, ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            return Task.FromResult(new CsvWriter(full, staging, created, replace));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (created)
                TryDeleteDirectory(full);
            throw new OutputException($"Cannot write CSV files into '{full}': {ex.Message} Choose a writable directory.", ex);
        }
    }

    /// <summary>The file name of each table, after <see cref="CreateSchemaAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> FileNames => _fileNames;

    /// <inheritdoc/>
    /// <remarks>Assigns each table a file name: its name with characters that are not allowed in file names replaced by <c>_</c>.</remarks>
    public Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_schemaCreated)
            throw new InvalidOperationException("The schema was already created.");
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            var stem = FileStem(table.Name);
            var name = stem + ".csv";
            for (var n = 2; !used.Add(name); n++)
                name = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + ".csv";
            _fileNames[table.Name] = name;
        }

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
        if (!_fileNames.TryGetValue(table.Name, out var fileName))
            throw new InvalidOperationException($"Table '{table.Name}' is not in the schema given to CreateSchemaAsync.");
        if (!_written.Add(table.Name))
            throw new InvalidOperationException($"The rows of table '{table.Name}' were already written.");
        var path = Path.Combine(_staging, fileName);
        try
        {
            var csv = CsvOutput.Create(OutputFiles.CreateTemporary(path, Path.Combine(_directory, fileName)), s_options, leaveOpen: false);
            await using (csv.ConfigureAwait(false))
            {
                var columns = table.Columns;
                csv.WriteHeader(columns.Select(c => c.Name).ToArray());
                long count = 0;
                foreach (var row in rows)
                {
                    if (row.Length != columns.Count)
                        throw new ArgumentException(
                            $"A row of '{table.Name}' has {row.Length} values; the table has {columns.Count} columns.", nameof(rows));
                    for (var i = 0; i < row.Length; i++)
                    {
                        var text = RowValueText.Format(row[i], columns[i].Category == ColumnCategory.Date);
                        if (text is null)
                            csv.WriteField((string?)null);
                        else if (text.Length == 0)
                            csv.WriteField(text, CsvQuoting.Always); // "" keeps an empty string apart from NULL
                        else
                            csv.WriteField(text);
                    }

                    await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                    count++;
                }

                await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
                return count;
            }
        }
        catch (IOException ex)
        {
            throw new OutputException(
                $"Cannot write '{Path.Combine(_directory, fileName)}': {ex.Message} Free some space or choose another directory.", ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Writes a header-only file for every table whose rows were not written, then moves the files into place.</remarks>
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

        foreach (var table in _tables)
        {
            var name = _fileNames[table.Name];
            OutputFiles.MoveIntoPlace(Path.Combine(_staging, name), Path.Combine(_directory, name), _replace);
        }

        TryDeleteDirectory(_staging);
        _completed = true;
    }

    /// <summary>Without <see cref="CompleteAsync"/>, deletes the partial files (and the directory if this writer created it).</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        if (!_completed)
        {
            TryDeleteDirectory(_staging);
            if (_createdDirectory && !Directory.EnumerateFileSystemEntries(_directory).Any())
                TryDeleteDirectory(_directory);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A table name as a file name stem: characters not allowed in file names (and dots at the start) become <c>_</c>.</summary>
    internal static string FileStem(string table)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = table.Select(c => c == '/' || c == '\\' || char.IsControl(c) || Array.IndexOf(invalid, c) >= 0 ? '_' : c).ToArray();
        for (var i = 0; i < chars.Length && chars[i] == '.'; i++)
            chars[i] = '_'; // no hidden files, no "." or ".."
        return chars.Length == 0 ? "_" : new string(chars);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: the original error is the one worth reporting
        }
    }
}
