using System.Collections.Concurrent;

namespace ElasticDuckface.Data.Connections;

/// <summary>
/// The last source of a password (issue 12): asked on the terminal when a server URL names a user and neither the URL, the
/// environment (<c>DUCKFACE_PASSWORD</c>, <c>PGPASSWORD</c>) nor the engine's file (<c>~/.my.cnf</c> or <c>defaults-file</c>,
/// <c>~/.pgpass</c>) gives one. The command-line program sets <see cref="Ask"/> only when its standard input is a terminal, so
/// scripts, pipes and tests are never asked: without it the server refuses the login and the error names the ways to give a
/// password (exit 3).
/// </summary>
public static class PasswordPrompt
{
    // one question per user and server in a process: a run parses the same URL several times (sweep: one per database)
    private static readonly ConcurrentDictionary<string, string> s_answers = new(StringComparer.Ordinal);

    /// <summary>Shows the prompt (on standard error) and reads a password without echo; null means no terminal is attached.</summary>
    public static Func<string, string>? Ask { get; set; }

    /// <summary>
    /// The password typed for <paramref name="user"/> at <paramref name="host"/> (asked once per <paramref name="key"/>), or
    /// null when no terminal is attached or the caller passed its own environment (a test or an embedding program).
    /// </summary>
    /// <param name="user">The user the server is logged in as.</param>
    /// <param name="host">The host (or socket) as the prompt shows it.</param>
    /// <param name="key">The engine and server (host and port, or socket), so that one server is asked about once.</param>
    /// <param name="environment">The environment the caller parses with; a given one (not the process's) never prompts.</param>
    internal static string? For(string user, string host, string key, IReadOnlyDictionary<string, string?>? environment)
    {
        if (Ask is not { } ask || environment is not null)
            return null;
        return s_answers.GetOrAdd(key + "|" + user, _ => ask($"Password for {user}@{host}: "));
    }
}
