using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// The one bootstrap of a throwaway PostgreSQL server: <c>initdb</c> into a private temporary directory, <c>pg_ctl start</c>
/// on a private socket directory and a free loopback port, everything stopped and removed on dispose. initdb refuses to
/// run as root, so as root the server runs as the <c>postgres</c> system user (<c>runuser</c>) and owns the directory.
/// The superuser <c>postgres</c> logs in without a password (trust); other users need theirs (scram-sha-256 over TCP).
/// No xunit here: the test fixture (<c>PostgresServer</c>) and the bench program (which links this file) both start
/// their server through it.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private bool _started;
    private string[] _startArguments = [];

    private ThrowawayPostgres(string bin, string directory)
    {
        _bin = bin;
        Directory = directory;
    }

    /// <summary>The directory holding <c>initdb</c> and <c>pg_ctl</c> (the newest Debian <c>postgresql</c> version), or null.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>Server settings for tests: durability off (the data is thrown away).</summary>
    public static IReadOnlyList<string> TestSettings { get; } = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];

    /// <summary>Whether this process runs as root (then the server runs as <c>postgres</c>).</summary>
    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>The server's private directory (owned by the server user): the data directory, the socket and the log.</summary>
    public string Directory { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The Unix socket directory.</summary>
    public string SocketDirectory => Directory;

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A pooling-free superuser connection string to the <c>postgres</c> database.</summary>
    public string AdminConnectionString =>
        string.Create(CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;SSL Mode=Disable");

    /// <summary>The <c>postgres://</c> URL of a database on this server (superuser over TCP, no TLS), which need not exist.</summary>
    public string Url(string database) =>
        string.Create(CultureInfo.InvariantCulture,
            $"postgres://postgres@127.0.0.1:{Port}/{Uri.EscapeDataString(database)}?sslmode=disable");

    /// <summary>Initialises a data directory and starts the server, retrying on another port when the first is taken.</summary>
    /// <param name="settings">
    /// Server settings as <c>name=value</c>, each passed as <c>-c name=value</c> (e.g. <see cref="TestSettings"/>).
    /// </param>
    /// <exception cref="InvalidOperationException">The binaries are missing or the server does not start.</exception>
    public static async Task<ThrowawayPostgres> StartAsync(IEnumerable<string> settings)
    {
        var bin = BinDirectory
            ?? throw new InvalidOperationException("PostgreSQL's initdb was not found: install postgresql (apt-get install postgresql).");
        var instance = new ThrowawayPostgres(bin, Path.Combine(Path.GetTempPath(), "duckface-pg-" + Guid.NewGuid().ToString("N")[..10]));
        try
        {
            await instance.StartAsync([.. settings]).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs SQL (one or more statements) as the superuser in the <c>postgres</c> database.</summary>
    public Task ExecuteAdminAsync(string sql) => ExecuteAsync(AdminConnectionString, sql);

    /// <summary>Runs SQL (one or more statements) on a new connection of <paramref name="connectionString"/>.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The server's version string (<c>SHOW server_version</c>).</summary>
    public async Task<string> VersionAsync()
    {
        var connection = new NpgsqlConnection(AdminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            return connection.ServerVersion;
        }
    }

    /// <summary>
    /// Stops the server the way a crash does (<c>pg_ctl stop -m immediate</c>: every backend ends at once, no checkpoint, WAL
    /// recovery at the next start) and starts it again on the same directory and port; returns when it answers.
    /// </summary>
    public async Task RestartAsync()
    {
        if (!_started)
            throw new InvalidOperationException("The server was never started.");
        await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"])
            .ConfigureAwait(false);
        await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), _startArguments).ConfigureAwait(false);
        await ExecuteAdminAsync("SELECT 1").ConfigureAwait(false);
    }

    /// <summary>Stops the server (immediate shutdown) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            try
            {
                await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"])
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // not running
            }
        }

        try
        {
            if (System.IO.Directory.Exists(Directory))
                System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying server: the temp directory is cleaned by the OS eventually
        }
    }

    private async Task StartAsync(IReadOnlyList<string> settings)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (IsRoot)
            await RunAsync("chown", ["-R", "postgres:postgres", Directory]).ConfigureAwait(false);
        await RunAsServerUserAsync(Path.Combine(_bin, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"),
            "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n").ConfigureAwait(false);

        var options = string.Join(' ', settings.Select(s => "-c " + s));
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            var port = Port.ToString(CultureInfo.InvariantCulture);
            try
            {
                _startArguments =
                [
                    "-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {Directory} -h 127.0.0.1 {options}", "start",
                ];
                await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), _startArguments).ConfigureAwait(false);
                _started = true;
                await ExecuteAdminAsync("SELECT 1").ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("The throwaway PostgreSQL server did not start after 3 attempts: " + Tail(), last);
    }

    private static Task RunAsServerUserAsync(string fileName, IEnumerable<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", fileName, .. arguments]) : RunAsync(fileName, arguments);

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: "
                + $"{await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
            return null;
        return System.IO.Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private string Tail()
    {
        var log = Path.Combine(Directory, "server.log");
        if (!File.Exists(log))
            return "(no server log)";
        var lines = File.ReadAllLines(log);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 15)));
    }
}
