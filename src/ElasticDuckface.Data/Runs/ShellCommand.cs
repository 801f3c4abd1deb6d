using System.Diagnostics;

namespace ElasticDuckface.Data.Runs;

/// <summary>What a user's command did: its exit code, wall time and the last lines of its output.</summary>
/// <param name="ExitCode">The exit code (0 is success).</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
/// <param name="Tail">The last lines of its standard output and error, for a one-line error.</param>
public sealed record ShellResult(int ExitCode, TimeSpan Elapsed, IReadOnlyList<string> Tail);

/// <summary>
/// Runs a user's command through <c>/bin/sh -c</c> with an environment, its standard output and error appended to a
/// log file; cancelling kills it and every process it started.
/// </summary>
public static class ShellCommand
{
    /// <summary>Variables that could carry a password and are never passed on (the engine's own files are).</summary>
    public static IReadOnlyList<string> Withheld { get; } = ["DUCKFACE_PASSWORD", "PGPASSWORD", "MYSQL_PWD"];

    private const int TailLines = 6;

    /// <summary>Runs <paramref name="script"/> and waits for it.</summary>
    /// <exception cref="OperationCanceledException">Cancelled: the command and its children were killed.</exception>
    public static async Task<ShellResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, string logPath,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var name in Withheld)
            info.Environment.Remove(name);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        var tail = new Queue<string>();
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            void Line(string? line)
            {
                if (line is null)
                    return;
                lock (tail)
                {
                    log.WriteLine(line);
                    tail.Enqueue(line);
                    if (tail.Count > TailLines)
                        tail.Dequeue();
                }
            }

            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start /bin/sh.");
            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }

            var elapsed = watch.Elapsed;
            // the last output lines arrive after the exit: WaitForExit without a timeout drains them
            process.WaitForExit();
            lock (tail)
                return new ShellResult(process.ExitCode, elapsed, [.. tail]);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
    }
}
