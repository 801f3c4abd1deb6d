using System.Globalization;
using ElasticDuckface.Data.Connections;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// A MariaDB server for tests: the one named by <c>DUCKFACE_MYSQL</c>, or a <see cref="ThrowawayMariaDb"/> (private data
/// directory, socket and loopback port, removed on dispose). Each test asks for a fresh, uniquely named database.
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    private static int s_counter;

    private readonly List<string> _createdDatabases = [];
    private ThrowawayMariaDb? _throwaway;
    private string _adminConnectionString = "";
    private string _urlPrefix = "";
    private string _urlSuffix = "";

    public async Task InitializeAsync()
    {
        if (MariaDbAvailability.ExternalUrl is { } external)
        {
            UseExternal(external);
            return;
        }

        if (ThrowawayMariaDb.ServerBinary is null || ThrowawayMariaDb.InstallDbBinary is null)
            throw new InvalidOperationException("CI=true but mariadbd or mariadb-install-db was not found: install mariadb-server, or set DUCKFACE_MYSQL.");
        _throwaway = await ThrowawayMariaDb.StartAsync(ThrowawayMariaDb.TestOptions).ConfigureAwait(false);
        _adminConnectionString = _throwaway.AdminConnectionString;
    }

    /// <summary>Creates a fresh, uniquely named utf8mb4 database and returns its <c>mysql://</c> URL (root over TCP).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = UniqueName(prefix);
        await ExecuteAdminAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").ConfigureAwait(false);
        lock (_createdDatabases)
            _createdDatabases.Add(name);
        return UrlOf(name);
    }

    /// <summary>A database name no test has used yet: <c>dfc_PREFIX_N_RANDOM</c>, lower case.</summary>
    public static string UniqueName(string prefix) =>
        string.Create(CultureInfo.InvariantCulture,
            $"dfc_{prefix}_{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();

    /// <summary>The <c>mysql://</c> URL of <paramref name="database"/> on this server, which need not exist.</summary>
    public string UrlOf(string database) => _throwaway?.Url(database) ?? _urlPrefix + Uri.EscapeDataString(database) + _urlSuffix;

    /// <summary>Parses a URL from <see cref="CreateDatabaseAsync"/> (a throwaway server's root has no password, so DUCKFACE_PASSWORD is
    /// ignored).</summary>
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
        if (_throwaway is not null)
        {
            await _throwaway.DisposeAsync().ConfigureAwait(false);
            return;
        }

        List<string> names;
        lock (_createdDatabases)
            names = [.. _createdDatabases];
        foreach (var name in names)
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS `{name}`").ConfigureAwait(false);
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
        _adminConnectionString = new MySqlConnectionStringBuilder(location.ConnectionString) { Database = "",
            Pooling = false }.ConnectionString;
        // Keep scheme, user info, host and query; swap the database path segment per test database.
        var authorityEnd = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        _urlPrefix = url[..(authorityEnd + 1)];
        _urlSuffix = query < 0 ? "" : url[query..];
    }

    private Task ExecuteAdminAsync(string sql) => ThrowawayMariaDb.ExecuteAsync(_adminConnectionString, sql);

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort() => ThrowawayMariaDb.FreePort();
}
