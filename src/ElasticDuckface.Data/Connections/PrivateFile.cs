namespace ElasticDuckface.Data.Connections;

/// <summary>Files only their owner may read (credentials handed to a user's command).</summary>
public static class PrivateFile
{
    /// <summary>Writes <paramref name="text"/> to a new file with mode 0600 (replacing an old one).</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(path);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var stream = new FileStream(path, options);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(stream);
                await using (writer.ConfigureAwait(false))
                    await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write {path}: {ex.Message} Choose a writable working folder.", ex);
        }
    }
}
