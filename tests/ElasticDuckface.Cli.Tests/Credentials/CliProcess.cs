using System.Diagnostics;

namespace ElasticDuckface.Cli.Tests.Credentials;

/// <summary>
/// The built CLI (<c>duckface.dll</c> beside the tests) run as a child process with an environment of the test's choosing (a
/// private HOME, none of the password variables of the machine), either with its input redirected (a script) or on a real
/// pseudo-terminal driven by python3's <c>pty</c> module, which answers the password prompt.
/// </summary>
internal static class CliProcess
{
    /// <summary>Variables that could give a password and are never inherited by these runs.</summary>
    private static readonly string[] s_cleared =
        ["DUCKFACE_PASSWORD", "PGPASSWORD", "MYSQL_PWD", "PGPASSFILE", "DUCKFACE_MYSQL", "DUCKFACE_POSTGRES"];

    /// <summary>
    /// Waits for "Password for ", then for the terminal's echo to be off (Linux reports the slave's modes on the master), types
    /// the answer and Enter, and copies everything the terminal showed to stdout; exits with the child's code. No answer when
    /// PTY_ANSWER is unset: the transcript then shows whether a prompt appeared.
    /// </summary>
    private const string Driver = """
        import os, pty, select, sys, termios
        answer = os.environ.pop("PTY_ANSWER", None)
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[1], sys.argv[1:])
        out = b""
        sent = answer is None
        while True:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                out += data
            if not sent and b"Password for " in out and not termios.tcgetattr(fd)[3] & termios.ECHO:
                os.write(fd, answer.encode() + b"\r")
                sent = True
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + "\n" + Error;
    }

    /// <summary>Runs <c>duckface ARGS</c> with standard input redirected (empty) and output captured.</summary>
    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartAsync(Dotnet(), [DuckfaceDll, .. args], environment);

    /// <summary>Runs <c>duckface ARGS</c> on a pseudo-terminal, typing <paramref name="answer"/> at the password prompt.</summary>
    /// <returns>The terminal's transcript (standard output and error together) as <see cref="Result.Output"/>.</returns>
    public static async Task<Result> RunOnTerminalAsync(string? answer, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var script = Path.Combine(Path.GetTempPath(), "duckface-pty-" + Guid.NewGuid().ToString("N")[..8] + ".py");
        await File.WriteAllTextAsync(script, Driver);
        try
        {
            var env = new Dictionary<string, string>(environment);
            if (answer is not null)
                env["PTY_ANSWER"] = answer;
            return await StartAsync("python3", [script, Dotnet(), DuckfaceDll, .. args], env);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string DuckfaceDll => Path.Combine(AppContext.BaseDirectory, "duckface.dll");

    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static async Task<Result> StartAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var name in s_cleared)
            info.Environment.Remove(name);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + file);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return new Result(process.ExitCode, await output, await error);
    }
}
