using System.Text;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Writes a MySQL/MariaDB SQL script: a header that turns foreign key checks off, the CREATE TABLE statements
/// (<see cref="MySqlDdl"/>, as the live MySQL writer), the foreign
/// keys as ALTER TABLE statements (so cycles load), multi-row INSERT batches, and a footer that turns the checks back on.
/// The file is written under a temporary name next to the target and renamed into place by <see cref="CompleteAsync"/>;
/// disposing without completing deletes it. The same input always gives the same bytes (UTF-8 without BOM, LF).
/// </summary>
/// <remarks>Load it with <c>mysql --default-character-set=utf8mb4 DB &lt; script.sql</c>.</remarks>
internal sealed class SqlScriptWriter : IDatabaseWriter
{
    /// <summary>Rows per INSERT statement.</summary>
    public const int BatchRows = 500;

    /// <summary>An INSERT statement is ended early past this many characters, well below MySQL's max_allowed_packet.</summary>
    public const int BatchChars = 1 << 20;

    internal const string Header =
        "-- Elastic Duckface SQL script for MySQL/MariaDB\n" +
        "SET NAMES utf8mb4;\n" +
        "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO';\n" +
        "SET FOREIGN_KEY_CHECKS=0;\n";

    internal const string Footer =
        "SET FOREIGN_KEY_CHECKS=1;\n" +
        "SET SQL_MODE=@OLD_SQL_MODE;\n";

    private readonly string _target;
    private readonly string _temp;
    private readonly bool _overwrite;
    private readonly string? _sourceDialect;
    private readonly StreamWriter _writer;
    private bool _schemaCreated;
    private bool _completed;
    private bool _disposed;

    private SqlScriptWriter(string target, string temp, bool overwrite, string? sourceDialect, StreamWriter writer)
    {
        _target = target;
        _temp = temp;
        _overwrite = overwrite;
        _sourceDialect = sourceDialect;
        _writer = writer;
    }

    /// <summary>Opens a writer for a new script file.</summary>
    /// <param name="path">The script's path; its directory must exist.</param>
    /// <param name="replace">Whether an existing non-empty file may be replaced (only once the new one is complete).</param>
    /// <param name="sourceDialect">The profile's dialect: <c>mysql</c> keeps declared column types; others map categories.</param>
    /// <param name="cancellationToken">Unused; for symmetry with the other writers.</param>
    /// <exception cref="OutputException">The target exists (without <paramref name="replace"/>) or cannot be written.</exception>
    public static Task<SqlScriptWriter> CreateAsync(string path, bool replace, string? sourceDialect = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        cancellationToken.ThrowIfCancellationRequested();
        var target = Path.GetFullPath(path);
        var exists = OutputFiles.CheckNewFile(target, replace, "the SQL script");
        var temp = OutputFiles.PartialName(target);
        var stream = OutputFiles.CreateTemporary(temp, target);
        var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        return Task.FromResult(new SqlScriptWriter(target, temp, exists || replace, sourceDialect, writer));
    }

    /// <inheritdoc/>
    public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_schemaCreated)
            throw new InvalidOperationException("The schema was already created.");
        var sb = new StringBuilder(Header);
        foreach (var table in tables)
            sb.Append('\n').Append(MySqlDdl.CreateTable(table, _sourceDialect)).Append(";\n");
        var first = true;
        foreach (var statement in tables.SelectMany(MySqlDdl.AddForeignKeys))
        {
            sb.Append(first ? "\n" : "").Append(statement).Append(";\n");
            first = false;
        }

        await WriteAsync(sb, cancellationToken).ConfigureAwait(false);
        _schemaCreated = true;
    }

    /// <inheritdoc/>
    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_schemaCreated)
            throw new InvalidOperationException("Call CreateSchemaAsync before WriteRowsAsync.");
        var prefix = "INSERT INTO " + MySqlNames.Quote(table.Name) + " ("
            + string.Join(",", table.Columns.Select(c => MySqlNames.Quote(c.Name))) + ") VALUES ";
        var columns = table.Columns;
        var sb = new StringBuilder();
        var inBatch = 0;
        long count = 0;
        foreach (var row in rows)
        {
            if (row.Length != columns.Count)
                throw new ArgumentException(
                    $"A row of '{table.Name}' has {row.Length} values; the table has {columns.Count} columns.", nameof(rows));
            sb.Append(inBatch == 0 ? (count == 0 ? "\n" : "") + prefix : ",").Append('(');
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                    sb.Append(',');
                sb.Append(MySqlLiterals.Value(row[i], columns[i].Category));
            }

            sb.Append(')');
            inBatch++;
            count++;
            if (inBatch == BatchRows || sb.Length >= BatchChars)
            {
                sb.Append(";\n");
                await WriteAsync(sb, cancellationToken).ConfigureAwait(false);
                sb.Clear();
                inBatch = 0;
            }
        }

        if (inBatch > 0)
        {
            sb.Append(";\n");
            await WriteAsync(sb, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            return;
        await _writer.WriteAsync(new StringBuilder("\n").Append(Footer), cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        OutputFiles.MoveIntoPlace(_temp, _target, _overwrite);
        _completed = true;
    }

    /// <summary>Closes the file; without <see cref="CompleteAsync"/>, deletes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
            OutputFiles.TryDelete(_temp);
    }

    private async Task WriteAsync(StringBuilder text, CancellationToken cancellationToken)
    {
        try
        {
            await _writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new OutputException($"Cannot write the SQL script '{_target}': {ex.Message} Free some space or choose another path.", ex);
        }
    }
}
