using System.Globalization;

namespace ElasticDuckface.Cli.Tests.Credentials;

/// <summary>
/// Issue 12, credentials, with the real CLI against real servers: a password typed at the prompt on a real pseudo-terminal
/// (not echoed), read from a MySQL option file and from a PostgreSQL password file; for each, every output of profile,
/// generate, verify and sweep (stdout, stderr, the terminal's transcript, the profile, the verify and sweep reports in JSON and
/// HTML, the sweep's logs and the environment its command saw) is searched for the password. PostgreSQL's CA file option.
/// </summary>
public sealed class CredentialTests(CredentialServers servers) : IClassFixture<CredentialServers>
{
    private static readonly string s_profileDir = Path.Combine(CliRunner.RepositoryRoot, "profiles");

    [Fact]
    public async Task On_a_terminal_the_password_is_asked_once_without_echo_and_no_output_of_any_command_holds_it()
    {
        using var dir = new TempDir();
        var env = Private(dir);
        await servers.CreateMySqlDatabaseAsync("cred_prompt_gen");
        var runs = new List<CliProcess.Result>();
        foreach (var args in Commands(dir, servers.MySqlUrl("cred_src"), servers.MySqlUrl("cred_prompt_gen"), servers.MySqlServerUrl))
        {
            var run = await CliProcess.RunOnTerminalAsync(servers.MySqlPassword, env, args);
            runs.Add(run);
            Assert.True(run.ExitCode is 0 or 4, $"{args[0]} exit {run.ExitCode}: {run.All}");
            // asked once per run, on the terminal, naming the user and host
            Assert.Equal(1, Count(run.Output, $"Password for {CredentialServers.MySqlUser}@127.0.0.1: "));
        }

        Assert.Equal(0, runs[0].ExitCode);
        Assert.True(await servers.MySqlTableCountAsync("cred_prompt_gen") == 2, "generate wrote the two tables");
        AssertNowhere(servers.MySqlPassword, runs, dir);
    }

    [Fact]
    public async Task Without_a_terminal_a_missing_password_is_one_line_naming_the_ways_to_give_it_and_exit_3()
    {
        using var dir = new TempDir();
        var run = await CliProcess.RunAsync(Private(dir), "profile", servers.MySqlUrl("cred_src"), "-o", dir.File("p.json"), "-q");

        Assert.Equal(ExitCodes.DatabaseError, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("duckface: Access denied", line, StringComparison.Ordinal);
        foreach (var way in new[] { "URL", "DUCKFACE_PASSWORD", "~/.my.cnf", "defaults-file", "terminal" })
            Assert.Contains(way, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Password for", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_from_the_mysql_option_file_is_used_and_no_output_of_any_command_holds_it()
    {
        using var dir = new TempDir();
        var env = Private(dir);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, ".my.cnf"), $"[client]\npassword={servers.MySqlPassword}\n");
        await servers.CreateMySqlDatabaseAsync("cred_cnf_gen");
        var runs = new List<CliProcess.Result>();
        foreach (var args in Commands(dir, servers.MySqlUrl("cred_src"), servers.MySqlUrl("cred_cnf_gen"), servers.MySqlServerUrl))
        {
            var run = await CliProcess.RunAsync(env, args);
            runs.Add(run);
            Assert.True(run.ExitCode is 0 or 4, $"{args[0]} exit {run.ExitCode}: {run.All}");
        }

        Assert.True(await servers.MySqlTableCountAsync("cred_cnf_gen") == 2, "generate wrote the two tables");
        AssertNowhere(servers.MySqlPassword, runs, dir);
    }

    [Fact]
    public async Task A_password_from_the_pgpass_file_is_used_and_no_output_of_any_command_holds_it()
    {
        using var dir = new TempDir();
        var env = Private(dir);
        var pgpass = Path.Combine(dir.Path, ".pgpass");
        await File.WriteAllTextAsync(pgpass, string.Create(CultureInfo.InvariantCulture,
            $"# host:port:database:user:password\nelsewhere:1:*:*:wrong\n"
            + $"127.0.0.1:{servers.PostgresPort}:*:{CredentialServers.PostgresUser}:{servers.PostgresPassword}\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await servers.CreatePostgresDatabaseAsync("cred_pgpass_gen");
        var runs = new List<CliProcess.Result>();
        foreach (var args in Commands(dir, servers.PostgresUrl("cred_src"), servers.PostgresUrl("cred_pgpass_gen"),
                     servers.PostgresServerUrl))
        {
            var run = await CliProcess.RunAsync(env, args);
            runs.Add(run);
            Assert.True(run.ExitCode is 0 or 4, $"{args[0]} exit {run.ExitCode}: {run.All}");
        }

        AssertNowhere(servers.PostgresPassword, runs, dir);

        // the same through PGPASSFILE, and a terminal: the file answers, so nothing is asked
        File.Move(pgpass, dir.File("elsewhere.pgpass"));
        var moved = new Dictionary<string, string>(env) { ["PGPASSFILE"] = dir.File("elsewhere.pgpass") };
        var viaVariable = await CliProcess.RunOnTerminalAsync(null, moved,
            "profile", servers.PostgresUrl("cred_src"), "-o", dir.File("again.json"), "-q");
        Assert.Equal(0, viaVariable.ExitCode);
        Assert.DoesNotContain("Password for", viaVariable.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.PostgresPassword, viaVariable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sslrootcert_with_verify_full_connects_and_a_wrong_ca_fails_in_one_line_with_exit_3()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string>(Private(dir)) { ["DUCKFACE_PASSWORD"] = servers.PostgresPassword };

        var good = await CliProcess.RunAsync(env, "profile",
            servers.PostgresUrl("cred_src", "sslmode=verify-full&sslrootcert=" + Uri.EscapeDataString(servers.CaFile)),
            "-o", dir.File("tls.json"), "-q");
        Assert.True(good.ExitCode == 0, good.All);
        Assert.True(File.Exists(dir.File("tls.json")));

        var wrong = await CliProcess.RunAsync(env, "profile",
            servers.PostgresUrl("cred_src", "sslmode=verify-full&sslrootcert=" + Uri.EscapeDataString(servers.OtherCaFile)),
            "-o", dir.File("wrong.json"), "-q");
        Assert.Equal(ExitCodes.DatabaseError, wrong.ExitCode);
        var line = Assert.Single(wrong.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("duckface: ", line, StringComparison.Ordinal);
        Assert.Contains("certificate", line, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(dir.File("wrong.json")));
    }

    /// <summary>profile, generate, verify (JSON and HTML reports) and sweep (JSON, HTML, its command's environment), in order.</summary>
    private static IEnumerable<string[]> Commands(TempDir dir, string source, string target, string server)
    {
        var profile = dir.File("p.json");
        yield return ["profile", source, "-o", profile];
        yield return ["generate", profile, "--target", target, "--seed", "7"];
        yield return ["verify", profile, "--target", target, "--json", dir.File("verify.json"), "--report", dir.File("verify.html")];
        yield return
        [
            "sweep", profile, "--server", server, "--scales", "1", "--work", dir.File("sweep"),
            "--run", "env > \"$DUCKFACE_DIR/env.txt\"", "--json", dir.File("sweep.json"), "--report", dir.File("sweep.html"),
        ];
    }

    /// <summary>A HOME of the test's own (no ~/.my.cnf or ~/.pgpass of the machine) and no password variables.</summary>
    private static Dictionary<string, string> Private(TempDir dir) => new() { ["HOME"] = dir.Path };

    /// <summary>
    /// The password is in no run's output and no file the runs wrote, except the engine's own password files that sweep hands to
    /// its command (<c>my.cnf</c>, <c>pgpass</c>: owner-only, docs/sweep.md) and the test's own option files.
    /// </summary>
    private static void AssertNowhere(string password, IEnumerable<CliProcess.Result> runs, TempDir dir)
    {
        foreach (var run in runs)
            Assert.DoesNotContain(password, run.All, StringComparison.Ordinal);
        string[] secretFiles = [".my.cnf", ".pgpass", "elsewhere.pgpass", "my.cnf", "pgpass"];
        var files = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Where(f => !secretFiles.Contains(Path.GetFileName(f))).ToList();
        foreach (var wanted in new[] { "p.json", "verify.json", "verify.html", "sweep.json", "sweep.html", "env.txt" })
            Assert.Contains(files, f => Path.GetFileName(f) == wanted);
        foreach (var file in files)
            Assert.False(File.ReadAllText(file).Contains(password, StringComparison.Ordinal), $"{file} holds the password");
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0;
             i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
