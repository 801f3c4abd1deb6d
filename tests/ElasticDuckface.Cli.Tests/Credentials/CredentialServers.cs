using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Tests.Infrastructure;
using MySqlConnector;
using Npgsql;

namespace ElasticDuckface.Cli.Tests.Credentials;

/// <summary>
/// A throwaway MariaDB and a throwaway PostgreSQL for the credential tests (issue 12), each with a user that logs in by
/// password only, a small source database of two tables, and PostgreSQL serving TLS with a certificate signed by a CA that
/// openssl makes here (<see cref="CaFile"/>; <see cref="OtherCaFile"/> signed nothing).
/// </summary>
public sealed class CredentialServers : IAsyncLifetime
{
    public const string MySqlUser = "cred_user";
    public const string PostgresUser = "cred_user";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "duckface-creds-" + Guid.NewGuid().ToString("N")[..10]);
    private ThrowawayMariaDb? _mariaDb;
    private ThrowawayPostgres? _postgres;

    /// <summary>The MariaDB user's password (never in a URL of these tests).</summary>
    public string MySqlPassword { get; } = "Mq-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The PostgreSQL user's password.</summary>
    public string PostgresPassword { get; } = "Pq-" + Guid.NewGuid().ToString("N")[..16];

    public int MySqlPort => _mariaDb!.Port;

    public int PostgresPort => _postgres!.Port;

    /// <summary>The CA certificate that signed the PostgreSQL server's certificate (for 127.0.0.1).</summary>
    public string CaFile => Path.Combine(_directory, "ca.pem");

    /// <summary>A CA certificate that signed nothing the server has.</summary>
    public string OtherCaFile => Path.Combine(_directory, "other-ca.pem");

    /// <summary><c>mysql://cred_user@127.0.0.1:PORT/DATABASE</c>: the user, no password.</summary>
    public string MySqlUrl(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"mysql://{MySqlUser}@127.0.0.1:{MySqlPort}/{database}?ssl-mode=none");

    /// <summary>The MariaDB server for <c>sweep --server</c>.</summary>
    public string MySqlServerUrl => string.Create(CultureInfo.InvariantCulture, $"mysql://{MySqlUser}@127.0.0.1:{MySqlPort}?ssl-mode=none");

    /// <summary><c>postgres://cred_user@127.0.0.1:PORT/DATABASE?QUERY</c>: the user, no password.</summary>
    public string PostgresUrl(string database, string query = "sslmode=disable") =>
        string.Create(CultureInfo.InvariantCulture, $"postgres://{PostgresUser}@127.0.0.1:{PostgresPort}/{database}?{query}");

    /// <summary>The PostgreSQL server for <c>sweep --server</c>.</summary>
    public string PostgresServerUrl =>
        string.Create(CultureInfo.InvariantCulture, $"postgres://{PostgresUser}@127.0.0.1:{PostgresPort}?sslmode=disable");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await MakeCertificatesAsync();
        _mariaDb = await ThrowawayMariaDb.StartAsync(ThrowawayMariaDb.TestOptions);
        foreach (var sql in new[]
        {
            $"CREATE USER '{MySqlUser}'@'%' IDENTIFIED BY '{MySqlPassword}'",
            $"GRANT ALL PRIVILEGES ON *.* TO '{MySqlUser}'@'%'",
            "CREATE DATABASE cred_src",
            "CREATE TABLE cred_src.parent (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=InnoDB",
            "CREATE TABLE cred_src.child (id INT PRIMARY KEY, parent_id INT NOT NULL, amount INT, "
                + "FOREIGN KEY (parent_id) REFERENCES cred_src.parent (id)) ENGINE=InnoDB",
            "INSERT INTO cred_src.parent SELECT seq, CONCAT('name ', seq) FROM cred_src.seq_1_to_40",
            "INSERT INTO cred_src.child SELECT seq, 1 + seq % 40, seq * 3 FROM cred_src.seq_1_to_120",
        })
        {
            await _mariaDb.ExecuteAdminAsync(sql);
        }

        // TLS with the files made above; the server reads them as its own user
        _postgres = await ThrowawayPostgres.StartAsync(
        [
            .. ThrowawayPostgres.TestSettings, "ssl=on", $"ssl_cert_file={Path.Combine(_directory, "server.crt")}",
            $"ssl_key_file={Path.Combine(_directory, "server.key")}",
        ]);
        await _postgres.ExecuteAdminAsync($"CREATE ROLE {PostgresUser} LOGIN CREATEDB PASSWORD '{PostgresPassword}'");
        await _postgres.ExecuteAdminAsync($"CREATE DATABASE cred_src OWNER {PostgresUser}");
        var source = new NpgsqlConnectionStringBuilder(_postgres.AdminConnectionString) { Database = "cred_src" }.ConnectionString;
        await ThrowawayPostgres.ExecuteAsync(source, $"""
            SET ROLE {PostgresUser};
            CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id), amount INT);
            INSERT INTO parent SELECT g, 'name ' || g FROM generate_series(1, 40) g;
            INSERT INTO child SELECT g, 1 + g % 40, g * 3 FROM generate_series(1, 120) g;
            """);
    }

    /// <summary>Creates an empty database on MariaDB (as root) for a run to write into.</summary>
    public Task CreateMySqlDatabaseAsync(string name) => _mariaDb!.ExecuteAdminAsync($"CREATE DATABASE `{name}`");

    /// <summary>Creates an empty database on PostgreSQL owned by the password user.</summary>
    public Task CreatePostgresDatabaseAsync(string name) => _postgres!.ExecuteAdminAsync($"CREATE DATABASE {name} OWNER {PostgresUser}");

    /// <summary>How many tables a MariaDB database holds (to see that a run wrote it).</summary>
    public async Task<long> MySqlTableCountAsync(string database)
    {
        await using var connection = new MySqlConnection(_mariaDb!.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @d", connection);
        command.Parameters.AddWithValue("@d", database);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_mariaDb is not null)
            await _mariaDb.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A CA, a server certificate for 127.0.0.1 signed by it, and a second CA; readable by the PostgreSQL server.</summary>
    private async Task MakeCertificatesAsync()
    {
        var ext = Path.Combine(_directory, "server.ext");
        await File.WriteAllTextAsync(ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
        foreach (var ca in new[] { "ca", "other-ca" })
        {
            await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj", "/CN=duckface test " + ca,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", Path.Combine(_directory, ca + ".key"), "-out", Path.Combine(_directory, ca + ".pem"));
        }

        await RunAsync("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", Path.Combine(_directory, "server.key"), "-out", Path.Combine(_directory, "server.csr"));
        await RunAsync("openssl", "x509", "-req", "-in", Path.Combine(_directory, "server.csr"), "-CA", CaFile,
            "-CAkey", Path.Combine(_directory, "ca.key"), "-CAcreateserial", "-days", "3", "-extfile", ext,
            "-out", Path.Combine(_directory, "server.crt"));
        // the server refuses a key others may read
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(_directory, "server.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (ThrowawayPostgres.IsRoot)
            await RunAsync("chown", "postgres:postgres", Path.Combine(_directory, "server.key"), Path.Combine(_directory, "server.crt"));
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + file);
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed: {await error}");
    }
}
