using System.Data.Common;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace ElasticDuckface.Data.Connections;

/// <summary>
/// The one retry policy for server trouble (issue 12), used by every engine: an engine gives the classifier of its
/// driver's errors (<see cref="ServerTrouble"/>); the policy decides what is retried, how often and how long it waits.
/// </summary>
/// <remarks>
/// Only steps that are idempotent go through it. <see cref="OpenAsync{T}"/>: opening a connection (nothing was done yet), retried
/// while the server is unreachable, e.g. restarting. <see cref="StatementAsync"/>: one statement outside a transaction, or a whole
/// transaction, retried after a deadlock or a lock timeout (the server rolled it back, the connection lives). A connection lost
/// in the middle of a load is never retried: the session's state (staging database, foreign key checks, the rows already
/// streamed) is gone, so the run fails with one line and its staging area is left for the next run to drop. Backoff:
/// exponential from <see cref="FirstDelay"/> with jitter, <see cref="Retries"/> retries (about 8 s of waiting in all: a crashed
/// server's restart); Ctrl-C cancels a wait.
/// </remarks>
internal sealed class ServerRetry
{
    /// <summary>Retries after the first attempt.</summary>
    public const int Retries = 5;

    /// <summary>The first wait; each next one doubles (with jitter).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    private readonly Func<Exception, ServerTrouble> _classify;
    private readonly ResiliencePipeline _open;
    private readonly ResiliencePipeline _statement;

    /// <param name="classify">The engine's reading of one exception (not its inner ones: <see cref="Classify"/> walks them).</param>
    /// <param name="firstDelay">The first wait (tests shorten it).</param>
    public ServerRetry(Func<Exception, ServerTrouble> classify, TimeSpan? firstDelay = null)
    {
        _classify = classify;
        // at opening, a connection that broke during the handshake is the server going away too
        _open = Pipeline(t => t is ServerTrouble.Unreachable or ServerTrouble.ConnectionLost, firstDelay ?? FirstDelay);
        _statement = Pipeline(t => t is ServerTrouble.Deadlock or ServerTrouble.LockTimeout, firstDelay ?? FirstDelay);
    }

    /// <summary>Opens a new connection, retrying while the server is unreachable; each failed attempt's connection is disposed.</summary>
    public ValueTask<T> OpenAsync<T>(Func<T> create, CancellationToken cancellationToken)
        where T : DbConnection =>
        _open.ExecuteAsync(async token =>
        {
            var connection = create();
            try
            {
                await connection.OpenAsync(token).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);

    /// <summary>Runs an idempotent step (one autocommitted statement, or a whole transaction), retrying after a deadlock or a lock
    /// timeout.</summary>
    public ValueTask StatementAsync(Func<CancellationToken, ValueTask> step, CancellationToken cancellationToken) =>
        _statement.ExecuteAsync(step, cancellationToken);

    /// <summary>The trouble an exception or any exception inside it reports, the engine's codes first.</summary>
    public ServerTrouble Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var seen = ServerTrouble.None;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var trouble = _classify(e);
            if (trouble != ServerTrouble.None)
                return trouble;
            if (seen == ServerTrouble.None && IsBrokenTransport(e))
                seen = ServerTrouble.ConnectionLost;
        }

        return seen;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says that an open connection died, whichever engine's: a socket or
    /// stream that broke or ended.
    /// </summary>
    public static bool IsConnectionLost(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (IsBrokenTransport(e))
                return true;
        }

        return false;
    }

    private static bool IsBrokenTransport(Exception e) => e is IOException or SocketException;

    private ResiliencePipeline Pipeline(Func<ServerTrouble, bool> retried, TimeSpan firstDelay) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && retried(Classify(e))),
            MaxRetryAttempts = Retries,
            Delay = firstDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }).Build();
}
