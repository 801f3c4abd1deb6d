using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// The one bootstrap of a throwaway MariaDB server: <c>mariadb-install-db</c> into a private temporary data directory,
/// <c>mariadbd</c> on a private socket and a free loopback port, root without a password, everything removed on dispose.
/// No xunit here: the test fixture (<c>MariaDbServer</c>) and the bench program (which links this file) both start
/// their server through it.
/// </summary>
internal sealed class ThrowawayMariaDb : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private Process? _process;
    private (string Server, string[] Arguments, string ErrorLog)? _started;

    private ThrowawayMariaDb(string directory) => _directory = directory;

    /// <summary>The full path of <c>mariadbd</c> (or <c>mysqld</c>), or null when it is not installed.</summary>
    public static string? ServerBinary { get; } =
        FindBinary("mariadbd", "/usr/sbin", "/usr/local/sbin", "/usr/libexec") ?? FindBinary("mysqld", "/usr/sbin", "/usr/local/sbin");

    /// <summary>The full path of <c>mariadb-install-db</c> (or <c>mysql_install_db</c>), or null when it is not installed.</summary>
    public static string? InstallDbBinary { get; } =
        FindBinary("mariadb-install-db", "/usr/bin", "/usr/local/bin") ?? FindBinary("mysql_install_db", "/usr/bin", "/usr/local/bin");

    /// <summary>Server options small enough for tests; the bench passes larger buffers.</summary>
    public static IReadOnlyList<string> TestOptions { get; } =
    [
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--innodb-buffer-pool-size=64M",
        "--innodb-flush-log-at-trx-commit=2", "--skip-name-resolve",
    ];

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's Unix socket.</summary>
    public string SocketPath => Path.Combine(_directory, "mysqld.sock");

    /// <summary>A pooling-free root connection string without a default database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    /// <summary>The <c>mysql://</c> URL of a database on this server (root over TCP, no TLS).</summary>
    public string Url(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"mysql://root@127.0.0.1:{Port}/{Uri.EscapeDataString(database)}?ssl-mode=none");

    /// <summary>Initialises a data directory and starts the server, retrying on another port when the first is taken.</summary>
    /// <param name="options">Server options beyond the private directory, socket, port and root user (e.g. <see
    /// cref="TestOptions"/>).</param>
    /// <exception cref="InvalidOperationException">The binaries are missing or the server does not answer.</exception>
    public static async Task<ThrowawayMariaDb> StartAsync(IEnumerable<string> options)
    {
        var server = ServerBinary ?? throw new InvalidOperationException("mariadbd was not found: install mariadb-server (apt-get install mariadb-server).");
        var installDb = InstallDbBinary ?? throw new InvalidOperationException("mariadb-install-db was not found: install mariadb-server (apt-get install mariadb-server).");
        var instance = new ThrowawayMariaDb(Path.Combine(Path.GetTempPath(), "duckface-mariadb-" + Guid.NewGuid().ToString("N")[..10]));
        try
        {
            await instance.StartAsync(server, installDb, [.. options]).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one statement as root.</summary>
    public Task ExecuteAdminAsync(string sql) => ExecuteAsync(AdminConnectionString, sql);

    /// <summary>Runs one statement on a new connection of <paramref name="connectionString"/>.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = new MySqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new MySqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Crashes the server (SIGKILL: every connection dies at once, InnoDB recovers at the next start) and starts it again on the same
    /// data directory, socket and port; returns when it answers. What a server restart in the middle of a load does to a client.
    /// </summary>
    public async Task RestartAsync()
    {
        var (server, arguments, errorLog) = _started ?? throw new InvalidOperationException("The server was never started.");
        await StopProcessAsync().ConfigureAwait(false);
        _process = Start(server, arguments);
        await WaitUntilAnsweringAsync(errorLog).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        try
        {
            if (Directory.Exists(_directory))
                Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying server: the temp directory is cleaned by the OS eventually
        }
    }

    private async Task StartAsync(string server, string installDb, IReadOnlyList<string> options)
    {
        var dataDir = Path.Combine(_directory, "data");
        Directory.CreateDirectory(dataDir);
        // a private temporary directory too: bootstraps of two fixtures at once in the shared /tmp once failed with
        // "Could not remove temporary table '/tmp/#sql-temptable-…', error: 2"
        var tmpDir = Path.Combine(_directory, "tmp");
        Directory.CreateDirectory(tmpDir);
        await RunToEndAsync(installDb,
            ["--no-defaults", $"--datadir={dataDir}", "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db", $"--tmpdir={tmpDir}"]).ConfigureAwait(false);

        var errorLog = Path.Combine(_directory, "error.log");
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            string[] arguments =
            [
                "--no-defaults", $"--datadir={dataDir}", $"--socket={SocketPath}", $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
                "--bind-address=127.0.0.1", "--user=root", $"--log-error={errorLog}", $"--pid-file={Path.Combine(_directory, "mysqld.pid")}",
                $"--tmpdir={tmpDir}", "--local-infile=1", .. options,
            ];
            _process = Start(server, arguments);
            _started = (server, arguments, errorLog);
            AdminConnectionString = new MySqlConnectionStringBuilder
            {
                Server = "127.0.0.1",
                Port = (uint)Port,
                UserID = "root",
                Pooling = false,
                ConnectionTimeout = 2,
                SslMode = MySqlSslMode.None,
                AllowUserVariables = true,
            }.ConnectionString;
            try
            {
                await WaitUntilAnsweringAsync(errorLog).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
                await StopProcessAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException("The throwaway MariaDB server did not start after 3 attempts.", last);
    }

    private async Task WaitUntilAnsweringAsync(string errorLog)
    {
        var watch = Stopwatch.StartNew();
        MySqlException? last = null;
        while (watch.Elapsed < s_startTimeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"mariadbd exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {Tail(errorLog)}");
            try
            {
                await ExecuteAdminAsync("SELECT 1").ConfigureAwait(false);
                return;
            }
            catch (MySqlException ex)
            {
                last = ex;
                await Task.Delay(150).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"mariadbd did not answer on 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)} within {s_startTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({last?.Message}): {Tail(errorLog)}");
    }

    private async Task StopProcessAsync()
    {
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (OperationCanceledException)
        {
            // it will die with the SIGKILL; nothing more to do
        }

        _process.Dispose();
        _process = null;
    }

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        return info;
    }

    private static Process Start(string fileName, IEnumerable<string> arguments)
    {
        var process = Process.Start(StartInfo(fileName, arguments)) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        // drain the pipes so the child never blocks on a full one
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunToEndAsync(string fileName, IEnumerable<string> arguments)
    {
        using var process = Process.Start(StartInfo(fileName, arguments)) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
    }

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary(string name, params string[] preferred)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in preferred.Concat(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
            return "(no error log)";
        var lines = File.ReadAllLines(path);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 15)));
    }
}
