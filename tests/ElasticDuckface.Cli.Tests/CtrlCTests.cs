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

        using var process = Start("generate", Chinook, "--target", target, "--seed", "2", "--scale", "20", "--replace");
        var error = new List<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (error)
                error.Add(e.Data);
            // the first table is being written: the run is past its setup, in the middle of the load
            if (e.Data.StartsWith("[1/", StringComparison.Ordinal))
                started.TrySetResult();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(3));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        var last = error.Where(l => l.StartsWith("duckface: ", StringComparison.Ordinal)).ToList();
        Assert.Single(last);
        Assert.Contains("cancelled", last[0], StringComparison.Ordinal);
        Assert.Contains("left as it was", last[0], StringComparison.Ordinal);
        Assert.DoesNotContain(error, l => l.Contains("   at ", StringComparison.Ordinal));
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
        using var process = Start("generate", nova, "--scale", "1000", "--target", target);
        var error = new List<string>();
        var planned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (error)
                error.Add(e.Data);
            // the plan is made; the generator's set-up of 110 tables (seconds at x1000) follows before the first table
            if (e.Data.StartsWith("Generating into", StringComparison.Ordinal))
                planned.TrySetResult();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await planned.Task.WaitAsync(TimeSpan.FromMinutes(3));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        List<string> lines;
        lock (error)
            lines = [.. error];
        var last = lines.Where(l => l.StartsWith("duckface: ", StringComparison.Ordinal)).ToList();
        Assert.Single(last);
        Assert.Contains("cancelled", last[0], StringComparison.Ordinal);
        Assert.Contains("left as it was", last[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
        Assert.False(File.Exists(target));
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
