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
/// Files are written into a <c>.partial-&lt;pid&gt;</c> subdirectory and moved into place by <see cref="TableFilesWriter.CompleteAsync"/>;
/// disposing without completing deletes them (and the directory, if this writer created it).
/// </para>
/// <para>
/// With replace, only the CSV files of this schema are overwritten: other files in the directory are never deleted.
/// RFC 4180 cannot tell NULL from an empty string in a record with a single field: both are written as <c>""</c>.
/// </para>
/// </remarks>
internal sealed class CsvWriter : TableFilesWriter
{
    private static readonly CsvWriterOptions s_options = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
        Quoting = CsvQuoting.WhenNeeded,
    };

    private CsvWriter(OutputDirectory output)
        : base(output)
    {
    }

    /// <summary>Opens a writer for a directory of CSV files, creating the directory when it is missing.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="replace">Whether a non-empty directory may be written into (its same-named CSV files are replaced).</param>
    /// <param name="cancellationToken">Unused; for symmetry with the other writers.</param>
    /// <exception cref="OutputException">The directory is not empty (without <paramref name="replace"/>), is a file, or
    /// cannot be written.</exception>
    public static Task<CsvWriter> CreateAsync(string directory, bool replace, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new CsvWriter(OutputDirectory.Open(directory, replace, "CSV", ".csv")));
    }

    /// <inheritdoc/>
    protected override async Task<long> WriteFileAsync(TableProfile table, IEnumerable<object?[]> rows, Stream stream,
        CancellationToken cancellationToken)
    {
        var csv = CsvOutput.Create(stream, s_options, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            var columns = table.Columns;
            csv.WriteHeader(columns.Select(c => c.Name).ToArray());
            long count = 0;
            foreach (var row in rows)
            {
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
}
