using System.Text;

namespace ElasticDuckface.Cli.Commands;

/// <summary>Writes a command's output file (<c>--json</c>, <c>--report</c>) as UTF-8 without a byte order mark.</summary>
internal static class ReportFile
{
    /// <exception cref="OutputException">The file cannot be written (exit 5).</exception>
    public static async Task WriteAsync(string path, string text, string option, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write {option} '{path}': {ex.Message} Choose a writable path.", ex);
        }
    }
}
