using System.Diagnostics;
using System.Security.Cryptography;

namespace ElasticDuckface.Cli.Tests;

/// <summary>
/// Issue 12: a real SIGINT (Ctrl-C) sent to a real <c>duckface generate</c> process in the middle of its run. Timing is measured by
/// <c>ACTION=sigint scripts/kill-test.sh</c> (docs/reliability.md), not asserted here.
/// </summary>
public sealed class CtrlCTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    [Fact]
    public async Task A_SIGINT_during_generate_replace_exits_130_in_one_line_and_leaves_the_target_as_it_was()
    {
        using var dir = new TempDir();
        var target = dir.File("t.db");
        var (made, _, _) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--seed", "1", "-q");
        Assert.Equal(0, made);
        var before = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(target)));

        // the first table is being written: the run is past its setup, in the middle of the load (×200, 3 M rows, so that
        // the signal lands before the end even when a loaded machine is slow to send it)
        var error = await InterruptAsync("[1/", "generate", Chinook, "--target", target, "--seed", "2", "--scale", "200", "--replace");
        AssertCancelledInOneLine(error);
        Assert.Equal(before, Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(target))));

        // whatever the cancelled run left (a .partial file when it was cut short) the next run removes
        var (rerun, _, _) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--seed", "2", "--replace", "-q");
        Assert.Equal(0, rerun);
        Assert.Equal([target], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task A_SIGINT_while_the_Nova_example_at_x1000_is_being_planned_exits_130_in_one_line_and_makes_no_target()
    {
        using var dir = new TempDir();
        var target = dir.File("nova.db");
        var nova = Path.Combine(CliRunner.RepositoryRoot, "profiles", "nova-example.json");
        // the plan is made; the generator's set-up of 110 tables (seconds at x1000) follows before the first table
        AssertCancelledInOneLine(await InterruptAsync("Generating into", "generate", nova, "--scale", "1000", "--target", target));
        Assert.False(File.Exists(target));
    }

    /// <summary>
    /// Runs the CLI as a child process, sends it a real SIGINT once a line of its standard error starts with
    /// <paramref name="when"/>, and returns its standard error lines once it exited 130.
    /// </summary>
    private static async Task<List<string>> InterruptAsync(string when, params string[] args)
    {
        using var process = Start(args);
        var error = new List<string>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (error)
                error.Add(e.Data);
            if (e.Data.StartsWith(when, StringComparison.Ordinal))
                reached.TrySetResult();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await reached.Task.WaitAsync(TimeSpan.FromMinutes(3));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        lock (error)
            return [.. error];
    }

    /// <summary>One <c>duckface:</c> line saying the run was cancelled and what it left, and no stack trace.</summary>
    private static void AssertCancelledInOneLine(List<string> error)
    {
        var last = Assert.Single(error, l => l.StartsWith("duckface: ", StringComparison.Ordinal));
        Assert.Contains("cancelled", last, StringComparison.Ordinal);
        Assert.Contains("left as it was", last, StringComparison.Ordinal);
        Assert.DoesNotContain(error, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    /// <summary>The built CLI (<c>duckface.dll</c> beside the tests) as a child process, its output redirected.</summary>
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "duckface.dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("Cannot start duckface.");
    }
}
