using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// A directory of one file per table (CSV, Parquet): the checks on the directory, one file name per table, a
/// <c>.partial-&lt;pid&gt;</c> staging subdirectory the files are written in, and the moves into place at the end.
/// </summary>
/// <remarks>With replace, only this schema's files are overwritten: other files in the directory are never deleted.</remarks>
internal sealed class OutputDirectory
{
    private readonly string _extension;
    private readonly bool _createdDirectory;
    private readonly bool _replace;
    private readonly Dictionary<string, string> _fileNames = new(StringComparer.Ordinal);

    private OutputDirectory(string directory, string staging, string extension, bool createdDirectory, bool replace)
    {
        Path = directory;
        Staging = staging;
        _extension = extension;
        _createdDirectory = createdDirectory;
        _replace = replace;
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The staging subdirectory the files are written in.</summary>
    public string Staging { get; }

    /// <summary>The file name of each table, after <see cref="AssignNames"/>.</summary>
    public IReadOnlyDictionary<string, string> FileNames => _fileNames;

    /// <summary>Opens a directory for <paramref name="what"/> files (e.g. "CSV"), creating it when it is missing.</summary>
    /// <exception cref="OutputException">The directory is not empty (without <paramref name="replace"/>), is a file, or
    /// cannot be written.</exception>
    public static OutputDirectory Open(string directory, bool replace, string what, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = System.IO.Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new OutputException($"Cannot write {what} files into '{full}': it is a file. Give a directory path.");
        var created = false;
        try
        {
            if (Directory.Exists(full))
            {
                if (!replace && Directory.EnumerateFileSystemEntries(full).Any())
                    throw new OutputException($"The {what} output directory '{full}' is not empty. "
                        + $"Pass --replace to overwrite its {what} files, or choose an empty directory.");
            }
            else
            {
                Directory.CreateDirectory(full);
                created = true;
            }

            var staging = System.IO.Path.Combine(full, ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            return new OutputDirectory(full, staging, extension, created, replace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (created)
                TryDeleteDirectory(full);
            throw new OutputException($"Cannot write {what} files into '{full}': {ex.Message} Choose a writable directory.", ex);
        }
    }

    /// <summary>Assigns each table a file name: its name with characters not allowed in file names replaced by <c>_</c>,
    /// numbered when two names would be the same file on a case-insensitive file system.</summary>
    public void AssignNames(IReadOnlyList<TableProfile> tables)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            var stem = FileStem(table.Name);
            var name = stem + _extension;
            for (var n = 2; !used.Add(name); n++)
                name = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + _extension;
            _fileNames[table.Name] = name;
        }
    }

    /// <summary>The file name of a table.</summary>
    /// <exception cref="InvalidOperationException">The table was not in <see cref="AssignNames"/>.</exception>
    public string FileName(string table) => _fileNames.TryGetValue(table, out var name)
        ? name
        : throw new InvalidOperationException($"Table '{table}' is not in the schema given to CreateSchemaAsync.");

    /// <summary>Where a table's file is written until <see cref="MoveIntoPlace"/>.</summary>
    public string StagingFile(string table) => System.IO.Path.Combine(Staging, FileName(table));

    /// <summary>Where a table's file ends up.</summary>
    public string TargetFile(string table) => System.IO.Path.Combine(Path, FileName(table));

    /// <summary>An I/O error while writing a table's file, as a one-line output error.</summary>
    public OutputException WriteError(string table, IOException ex) =>
        new($"Cannot write '{TargetFile(table)}': {ex.Message} Free some space or choose another directory.", ex);

    /// <summary>Moves every table's finished file into place and removes the staging directory.</summary>
    public void MoveIntoPlace()
    {
        foreach (var name in _fileNames.Values)
            OutputFiles.MoveIntoPlace(System.IO.Path.Combine(Staging, name), System.IO.Path.Combine(Path, name), _replace);
        TryDeleteDirectory(Staging);
    }

    /// <summary>Deletes the partial files (and the directory if <see cref="Open"/> created it and it is empty).</summary>
    public void Abandon()
    {
        TryDeleteDirectory(Staging);
        if (_createdDirectory && Directory.Exists(Path) && !Directory.EnumerateFileSystemEntries(Path).Any())
            TryDeleteDirectory(Path);
    }

    /// <summary>A table name as a file name stem: characters not allowed in file names (and dots at the start) become <c>_</c>.</summary>
    internal static string FileStem(string table)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
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
