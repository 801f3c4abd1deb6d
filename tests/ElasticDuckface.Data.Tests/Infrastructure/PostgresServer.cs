using System.Globalization;
using ElasticDuckface.Data.Connections;
using Npgsql;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for tests: the one named by <c>DUCKFACE_POSTGRES</c>, or a <see cref="ThrowawayPostgres"/> (private
/// data directory, socket directory and loopback port, removed on dispose; as root it runs as the <c>postgres</c> user).
/// The superuser <c>postgres</c> logs in without a password (trust); other users need theirs (scram-sha-256 over TCP).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static int s_counter;

    private readonly List<string> _createdDatabases = [];
    private ThrowawayPostgres? _throwaway;
    private string _adminConnectionString = "";
    private string _urlPrefix = "";
    private string _urlSuffix = "";

    /// <summary>The loopback TCP port of the throwaway server (0 for an external server).</summary>
    public int Port => _throwaway?.Port ?? 0;

    /// <summary>The Unix socket directory of the throwaway server, or null for an external server.</summary>
    public string? SocketDirectory => _throwaway?.SocketDirectory;

    public async Task InitializeAsync()
    {
        if (PostgresAvailability.ExternalUrl is { } external)
        {
            UseExternal(external);
            return;
        }

        if (PostgresAvailability.BinDirectory is null)
        {
            throw new InvalidOperationException(
                "CI=true but PostgreSQL's initdb was not found: install postgresql, or set DUCKFACE_POSTGRES.");
        }

        _throwaway = await ThrowawayPostgres.StartAsync(ThrowawayPostgres.TestSettings);
        _adminConnectionString = _throwaway.AdminConnectionString;
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
        PostgresAvailability.ExternalUrl is null ? DatabaseLocation.Parse(url,
            new Dictionary<string, string?>()) : DatabaseLocation.Parse(url);

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

    /// <summary>Loads examples/chinook/Chinook_PostgreSql.sql (after its <c>\c chinook</c>) into a fresh database; returns its
    /// URL.</summary>
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

        if (_throwaway is not null)
            await _throwaway.DisposeAsync();
    }

    private string NewName(string prefix)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"dfc_{prefix}_{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();
        lock (_createdDatabases)
            _createdDatabases.Add(name);
        return name;
    }

    private string Url(string database) => _throwaway?.Url(database) ?? _urlPrefix + database + _urlSuffix;

    private void UseExternal(string url)
    {
        var location = DatabaseLocation.Parse(url);
        _adminConnectionString = new NpgsqlConnectionStringBuilder(location.ConnectionString) { Pooling = false }.ConnectionString;
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        _urlPrefix = url[..(authorityEnd + 1)];
        _urlSuffix = query < 0 ? "" : url[query..];
    }

    private Task ExecuteAdminAsync(string sql) => ThrowawayPostgres.ExecuteAsync(_adminConnectionString, sql);
}
