using System.Globalization;

namespace ElasticDuckface.Data.Writers;

/// <summary>Checks and helpers shared by the writers that create files: existing targets, temporary names, moves.</summary>
internal static class OutputFiles
{
    /// <summary>The temporary name next to a target: <c>&lt;name&gt;.partial-&lt;pid&gt;</c>.</summary>
    public static string PartialName(string target) =>
        target + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The temporary files of earlier runs into <paramref name="target"/> (<c>&lt;name&gt;.partial-PID</c>), sorted.</summary>
    public static IReadOnlyList<string> PartialFiles(string target)
    {
        var directory = Path.GetDirectoryName(target);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            return [];
        var prefix = Path.GetFileName(target) + ".partial-";
        return [.. Directory.EnumerateFiles(directory, prefix + "*")
            .Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Whether the run that named <paramref name="partial"/> (<c>&lt;name&gt;.partial-PID</c>, or its <c>-journal</c>) is
    /// still running: a process with that id is alive. A reused id reads as alive, which only keeps a file one run longer.
    /// </summary>
    public static bool OwnerAlive(string partial)
    {
        var suffix = Path.GetFileName(partial);
        suffix = suffix[(suffix.LastIndexOf(".partial-", StringComparison.Ordinal) + ".partial-".Length)..];
        var digits = new string([.. suffix.TakeWhile(char.IsAsciiDigit)]);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return false;
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false; // no such process: the run was killed
        }
    }

    /// <summary>
    /// Checks that a new file can be written at <paramref name="path"/>: its directory exists, it is not a directory, and
    /// it is absent or empty unless <paramref name="replace"/>.
    /// </summary>
    /// <returns>Whether a file is already there (so the final move must overwrite it).</returns>
    public static bool CheckNewFile(string path, bool replace, string what)
    {
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            throw new OutputException($"Cannot write {what} '{path}': the directory '{directory}' does not exist. "
                + $"Create it first or choose another path.");
        if (Directory.Exists(path))
            throw new OutputException($"Cannot write {what} '{path}': it is a directory. Give a file path.");
        var info = new FileInfo(path);
        if (!info.Exists)
            return false;
        if (info.Length > 0 && !replace)
            throw new OutputException($"'{path}' already exists. Pass --replace to overwrite it, or choose a new path.");
        return true;
    }

    /// <summary>Creates (or truncates) a temporary file, turning permission and I/O errors into one-line output errors.</summary>
    public static FileStream CreateTemporary(string temp, string target)
    {
        try
        {
            return new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write '{target}': {ex.Message} Choose a writable directory.", ex);
        }
    }

    /// <summary>Renames a finished temporary file into place.</summary>
    public static void MoveIntoPlace(string temp, string target, bool overwrite)
    {
        try
        {
            File.Move(temp, target, overwrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(
                $"Cannot move the finished output into place at '{target}': {ex.Message} Pass --replace or choose a new path.", ex);
        }
    }

    /// <summary>Deletes a file if it is there, ignoring errors (cleanup after a failure must not hide the failure).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: the original error is the one worth reporting
        }
    }
}
