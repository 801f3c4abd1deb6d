using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Connections;
using Npgsql;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for tests: the one named by <c>DUCKFACE_POSTGRES</c>, or a throwaway one started with
/// <c>initdb</c> and <c>pg_ctl</c> on a private data directory, socket directory and loopback port, removed on dispose.
/// initdb refuses to run as root, so as root the server runs as the <c>postgres</c> system user (<c>runuser</c>).
/// The superuser <c>postgres</c> logs in without a password (trust); other users need theirs (scram-sha-256 over TCP).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static int s_counter;

    private readonly List<string> _createdDatabases = [];
    private string? _directory;
    private string? _dataDirectory;
    private string _adminConnectionString = "";
    private string _urlPrefix = "";
    private string _urlSuffix = "";

    /// <summary>The loopback TCP port of the throwaway server (0 for an external server).</summary>
    public int Port { get; private set; }

    /// <summary>The Unix socket directory of the throwaway server, or null for an external server.</summary>
    public string? SocketDirectory { get; private set; }

    public async Task InitializeAsync()
    {
        if (PostgresAvailability.ExternalUrl is { } external)
        {
            UseExternal(external);
            return;
        }

        var bin = PostgresAvailability.BinDirectory
            ?? throw new InvalidOperationException("CI=true but PostgreSQL's initdb was not found: install postgresql, or set DUCKFACE_POSTGRES.");
        _directory = Path.Combine(Path.GetTempPath(), "duckface-pg-" + Guid.NewGuid().ToString("N")[..10]);
        _dataDirectory = Path.Combine(_directory, "data");
        SocketDirectory = _directory;
        Directory.CreateDirectory(_directory);
        if (IsRoot)
            await RunAsync("chown", ["-R", "postgres:postgres", _directory]);
        await RunAsServerUserAsync(Path.Combine(bin, "initdb"),
            ["-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "pg_hba.conf"),
            "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n");

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = MariaDbServer.FreePort();
            var port = Port.ToString(CultureInfo.InvariantCulture);
            try
            {
                await RunAsServerUserAsync(Path.Combine(bin, "pg_ctl"),
                [
                    "-D", _dataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -k {_directory} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start",
                ]);
                _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;SSL Mode=Disable";
                _urlPrefix = $"postgres://postgres@127.0.0.1:{port}/";
                _urlSuffix = "?sslmode=disable";
                await ExecuteAdminAsync("SELECT 1");
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("The throwaway PostgreSQL server did not start after 3 attempts: " + Tail(), last);
    }

    /// <summary>Creates a fresh, uniquely named database and returns its <c>postgres://</c> URL (superuser over TCP).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = NewName(prefix);
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0");
        return Url(name);
    }

    /// <summary>A URL naming a database that does not exist yet (dropped on dispose if a test creates it).</summary>
    public string NewDatabaseUrl(string prefix) => Url(NewName(prefix));

    /// <summary>Parses a URL of this server (the throwaway superuser has no password, so DUCKFACE_PASSWORD is ignored).</summary>
    public static DatabaseLocation Parse(string url) =>
        PostgresAvailability.ExternalUrl is null ? DatabaseLocation.Parse(url, new Dictionary<string, string?>()) : DatabaseLocation.Parse(url);

    /// <summary>Runs SQL (one or more statements) in the database at <paramref name="url"/>.</summary>
    public static async Task ExecuteAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(Parse(url).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query and returns its first value.</summary>
    public static async Task<T> ScalarAsync<T>(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(Parse(url).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Loads examples/chinook/Chinook_PostgreSql.sql (after its <c>\c chinook</c>) into a fresh database; returns its URL.</summary>
    public async Task<string> LoadChinookAsync()
    {
        var url = await CreateDatabaseAsync("chinook");
        await LoadChinookIntoAsync(url);
        return url;
    }

    /// <summary>Loads examples/chinook/Chinook_PostgreSql.sql (after its <c>\c chinook</c>) into an existing database.</summary>
    public static async Task LoadChinookIntoAsync(string url)
    {
        var script = await File.ReadAllTextAsync(RepositoryFiles.Path("examples/chinook/Chinook_PostgreSql.sql"));
        const string connect = "\\c chinook;";
        await ExecuteAsync(url, script[(script.IndexOf(connect, StringComparison.Ordinal) + connect.Length)..]);
    }

    /// <summary>Creates a login with a password, for authentication tests.</summary>
    public Task CreateUserAsync(string user, string password) =>
        ExecuteAdminAsync($"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') THEN CREATE ROLE \"{user}\" LOGIN SUPERUSER PASSWORD '{password}'; END IF; END$$");

    /// <summary>The same URL with other credentials.</summary>
    public static string WithCredentials(string url, string user, string password) => MariaDbServer.WithCredentials(url, user, password);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (PostgresAvailability.ExternalUrl is not null)
        {
            List<string> names;
            lock (_createdDatabases)
                names = [.. _createdDatabases];
            foreach (var name in names)
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            return;
        }

        if (_dataDirectory is not null && PostgresAvailability.BinDirectory is { } bin)
        {
            try
            {
                await RunAsServerUserAsync(Path.Combine(bin, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // not running
            }
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // cleaned by the OS eventually
            }
        }
    }

    private static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private string NewName(string prefix)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"dfc_{prefix}_{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();
        lock (_createdDatabases)
            _createdDatabases.Add(name);
        return name;
    }

    private string Url(string database) => _urlPrefix + database + _urlSuffix;

    private void UseExternal(string url)
    {
        var location = DatabaseLocation.Parse(url);
        _adminConnectionString = new NpgsqlConnectionStringBuilder(location.ConnectionString) { Pooling = false }.ConnectionString;
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        _urlPrefix = url[..(authorityEnd + 1)];
        _urlSuffix = query < 0 ? "" : url[query..];
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await stderr} {await stdout}");
        }
    }

    private string Tail()
    {
        var log = _directory is null ? null : Path.Combine(_directory, "server.log");
        if (log is null || !File.Exists(log))
            return "(no server log)";
        var lines = File.ReadAllLines(log);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 15)));
    }
}
