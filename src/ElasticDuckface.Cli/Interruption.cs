using System.Runtime.InteropServices;

namespace ElasticDuckface.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM stop a command within a second (issue 12). The signal cancels the command's token: the run
/// unwinds, drops its staging area or partial file and exits 130 through <see cref="Commands.CommandRunner"/>. A step that does
/// not watch the token (planning, a generator's setup, a server call in flight) cannot hold the process: after
/// <see cref="Grace"/> it exits 130 anyway, leaving what a killed run leaves (the target as it was; a staging area or partial
/// file that the next run removes), which the kill test proves safe at any point.
/// </summary>
internal static class Interruption
{
    /// <summary>How long the run may take to unwind after the signal before the process ends without it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    /// <summary>The line printed when the grace ran out (the unwinding run prints its own otherwise).</summary>
    public const string CutShort =
        "duckface: cancelled, and stopped at once as a killed run would be: a database target was left as it was "
        + "(a new PostgreSQL database the run had just created may be left, empty); "
        + "a staging area or partial file left behind is removed by the next run into the same target.";

    /// <summary>Runs <paramref name="command"/> with a token that the signals cancel.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> command, TextWriter error,
        CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // the process ends when the command returns, not now
            if (signalled.TrySetResult())
                _ = Task.Run(cts.Cancel, CancellationToken.None); // off the signal thread: callbacks may call the server
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var run = command(cts.Token);
        var deadline = signalled.Task.ContinueWith(_ => Task.Delay(Grace, CancellationToken.None), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        if (await Task.WhenAny(run, deadline).ConfigureAwait(false) == run)
            return await run.ConfigureAwait(false);
        await error.WriteLineAsync(CutShort).ConfigureAwait(false);
        return ExitCodes.Cancelled;
    }
}
