using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ElasticDuckface.Data.Connections;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// A MariaDB server for tests: the one named by <c>DUCKFACE_MYSQL</c>, or a throwaway <c>mariadbd</c> on a private data
/// directory, socket and loopback port, removed on dispose. Each test asks for a fresh, uniquely named database.
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static int s_counter;

    private readonly List<string> _createdDatabases = [];
    private Process? _process;
    private string? _directory;
    private string _adminConnectionString = "";
    private string _urlPrefix = "";
    private string _urlSuffix = "";

    /// <summary>The loopback TCP port of the throwaway server (0 for an external server).</summary>
    public int Port { get; private set; }

    /// <summary>The Unix socket of the throwaway server, or null for an external server.</summary>
    public string? SocketPath { get; private set; }

    public async Task InitializeAsync()
    {
        if (MariaDbAvailability.ExternalUrl is { } external)
        {
            UseExternal(external);
            return;
        }

        var server = MariaDbAvailability.ServerBinary
            ?? throw new InvalidOperationException("CI=true but mariadbd was not found: install mariadb-server, or set DUCKFACE_MYSQL.");
        var installDb = MariaDbAvailability.InstallDbBinary
            ?? throw new InvalidOperationException("CI=true but mariadb-install-db was not found: install mariadb-server, or set DUCKFACE_MYSQL.");

        _directory = Path.Combine(Path.GetTempPath(), "duckface-mariadb-" + Guid.NewGuid().ToString("N")[..10]);
        var dataDir = Path.Combine(_directory, "data");
        Directory.CreateDirectory(dataDir);
        await RunToEndAsync(installDb,
            ["--no-defaults", $"--datadir={dataDir}", "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"]).ConfigureAwait(false);

        SocketPath = Path.Combine(_directory, "mysqld.sock");
        var errorLog = Path.Combine(_directory, "error.log");
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            _process = Start(server,
            [
                "--no-defaults", $"--datadir={dataDir}", $"--socket={SocketPath}", $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
                "--bind-address=127.0.0.1", "--user=root", $"--log-error={errorLog}", $"--pid-file={Path.Combine(_directory, "mysqld.pid")}",
                "--local-infile=1", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=2", "--skip-name-resolve",
            ]);
            _adminConnectionString = new MySqlConnectionStringBuilder
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
                _urlPrefix = $"mysql://root@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/";
                _urlSuffix = "?ssl-mode=none";
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

    /// <summary>Creates a fresh, uniquely named utf8mb4 database and returns its <c>mysql://</c> URL (root over TCP).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"dfc_{prefix}_{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();
        await ExecuteAdminAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").ConfigureAwait(false);
        lock (_createdDatabases)
            _createdDatabases.Add(name);
        return _urlPrefix + name + _urlSuffix;
    }

    /// <summary>Parses a URL from <see cref="CreateDatabaseAsync"/> (a throwaway server's root has no password, so DUCKFACE_PASSWORD is ignored).</summary>
    public static DatabaseLocation Parse(string url) =>
        MariaDbAvailability.ExternalUrl is null
            ? DatabaseLocation.Parse(url, new Dictionary<string, string?>())
            : DatabaseLocation.Parse(url);

    /// <summary>Runs SQL statements, in order, on one connection to the database at <paramref name="url"/>.</summary>
    public static async Task ExecuteAsync(string url, IEnumerable<string> statements)
    {
        await using var connection = new MySqlConnection(Parse(url).ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new MySqlCommand(sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (MySqlException ex)
            {
                throw new InvalidOperationException($"Statement failed: {ex.Message}\n{(sql.Length > 300 ? sql[..300] + "…" : sql)}", ex);
            }
        }
    }

    /// <summary>Runs a script's statements (see <see cref="SqlScript.Split"/>) in the database at <paramref name="url"/>.</summary>
    public static Task ExecuteScriptAsync(string url, string script) => ExecuteAsync(url, SqlScript.Split(script));

    /// <summary>
    /// Loads a sample script that creates its own database (<c>CREATE DATABASE x; USE x;</c>) into the database at
    /// <paramref name="url"/> instead.
    /// </summary>
    public static async Task LoadScriptFileAsync(string url, string path, string scriptDatabase)
    {
        var script = await File.ReadAllTextAsync(path);
        var database = Parse(url).DatabaseName!;
        await ExecuteScriptAsync(url, SqlScript.RenameDatabase(script, scriptDatabase, database));
    }

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        if (MariaDbAvailability.ExternalUrl is not null)
        {
            List<string> names;
            lock (_createdDatabases)
                names = [.. _createdDatabases];
            foreach (var name in names)
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS `{name}`").ConfigureAwait(false);
            return;
        }

        await StopProcessAsync().ConfigureAwait(false);
        if (_directory is not null && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // a file still held open by a dying server: the temp directory is cleaned by the OS eventually
            }
        }
    }

    /// <summary>Creates a login that may use every database, for authentication tests.</summary>
    public Task CreateUserAsync(string user, string password) =>
        ExecuteAdminAsync($"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY '{password}'; GRANT ALL ON *.* TO '{user}'@'%'");

    /// <summary>The same URL with other credentials.</summary>
    public static string WithCredentials(string url, string user, string password)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = url.IndexOf('@', start);
        var hostStart = at < 0 ? start : at + 1;
        return url[..start] + Uri.EscapeDataString(user) + ":" + Uri.EscapeDataString(password) + "@" + url[hostStart..];
    }

    /// <summary>The same URL naming another database.</summary>
    public static string WithDatabase(string url, string database)
    {
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return url[..(authorityEnd + 1)] + Uri.EscapeDataString(database) + (query < 0 ? "" : url[query..]);
    }

    private void UseExternal(string url)
    {
        var location = DatabaseLocation.Parse(url);
        _adminConnectionString = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "", Pooling = false }.ConnectionString;
        // Keep scheme, user info, host and query; swap the database path segment per test database.
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        _urlPrefix = url[..(authorityEnd + 1)];
        _urlSuffix = query < 0 ? "" : url[query..];
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new MySqlConnection(_adminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
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

    private static Process Start(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        // drain the pipes so the child never blocks on a full one
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunToEndAsync(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
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

    private static string Tail(string path)
    {
        if (!File.Exists(path))
            return "(no error log)";
        var lines = File.ReadAllLines(path);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 15)));
    }
}
