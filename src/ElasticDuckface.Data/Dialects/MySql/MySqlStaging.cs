using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// The staging databases of a MySQL/MariaDB target (issue 12): a run builds every table in
/// <c>&lt;db&gt;__duckface_staging_&lt;run&gt;</c> and moves them into the target with one <c>RENAME TABLE</c> (atomic in
/// MariaDB 10.6+ and MySQL 8), the old tables of <c>--replace</c> moved in the same statement into
/// <c>&lt;staging&gt;_old</c>, which is then dropped. A killed run leaves only databases with this prefix, which the next run
/// drops and <c>verify</c> reports as an incomplete run.
/// </summary>
internal static class MySqlStaging
{
    /// <summary>What every staging database name holds after the (possibly shortened) target name.</summary>
    public const string Marker = "__duckface_staging_";

    /// <summary>MySQL's limit on database names.</summary>
    private const int MaxName = 64;

    /// <summary>
    /// The prefix shared by every staging database of <paramref name="database"/>; within 64 characters with room for a
    /// run id and <c>_old</c>.
    /// </summary>
    public static string Prefix(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var room = MaxName - Marker.Length - 8 - "_old".Length;
        if (database.Length <= room)
            return database + Marker;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8].ToLower(CultureInfo.InvariantCulture);
        return database[..(room - 9)] + "_" + hash + Marker;
    }

    /// <summary>A new staging name for one run.</summary>
    public static string NewName(string database) =>
        Prefix(database) + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLower(CultureInfo.InvariantCulture);

    /// <summary>The database that receives the replaced tables of a run's target.</summary>
    public static string RetiredName(string staging) => staging + "_old";

    /// <summary>Every staging database of <paramref name="database"/> left on the server (by interrupted runs), sorted.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(MySqlConnection connection, string database,
        CancellationToken cancellationToken)
    {
        var prefix = Prefix(database);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Drops every staging database of <paramref name="database"/> (the caller holds the target's lock, so none belongs to
    /// a running generate) and returns their names; with <paramref name="dryRun"/> only lists them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropAllAsync(MySqlConnection connection, string database,
        CancellationToken cancellationToken, bool dryRun = false)
    {
        var stale = await FindAsync(connection, database, cancellationToken).ConfigureAwait(false);
        foreach (var name in dryRun ? [] : stale)
        {
            try
            {
                // autocommitted and idempotent: retried after a lock timeout like every staging statement
                var drop = "DROP DATABASE IF EXISTS " + MySqlNames.Quote(name);
                await MySqlErrors.Retry.StatementAsync(async ct =>
                {
                    await connection.ExecuteAsync(new CommandDefinition(drop, cancellationToken: ct)).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.RowIsReferenced2)
            {
                // not a privilege: a table outside it references one of its tables (an older --replace moved a parent that
                // another table's key referenced into <staging>_old, and the key followed it)
                var keys = await connection.QueryAsync<string>(new CommandDefinition(
                    """
                    SELECT DISTINCT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`.`', CONSTRAINT_NAME, '`')
                    FROM information_schema.KEY_COLUMN_USAGE
                    WHERE REFERENCED_TABLE_SCHEMA = @name AND TABLE_SCHEMA <> @name
                    """, new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                throw new DatabaseOperationException($"Cannot drop the staging database {name}: foreign keys of other tables "
                    + $"reference its tables ({string.Join(", ", keys.Order(StringComparer.Ordinal))}). Drop or alter those keys "
                    + "(ALTER TABLE ... DROP FOREIGN KEY ...) or their tables, then rerun.", ex);
            }
            catch (MySqlException ex)
            {
                throw new DatabaseOperationException($"Cannot drop the staging database {name}: {MySqlErrors.OneLine(ex.Message)} "
                    + "Grant the user DROP on it, or drop it by hand.", ex);
            }
        }

        return stale;
    }

    /// <summary>
    /// Takes the named lock of a run into <paramref name="database"/> on this session, without waiting: false when another
    /// session holds it. The server releases it when the session ends, so a killed run never keeps it.
    /// </summary>
    public static async Task<bool> TryLockAsync(MySqlConnection connection, string database, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT GET_LOCK(@name, 0)", new { name = LockName(database) },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;

    /// <summary>Releases <see cref="TryLockAsync"/>'s lock before the connection goes back to the pool (best effort).</summary>
    public static async Task UnlockAsync(MySqlConnection connection, string database)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT RELEASE_LOCK(@name)",
                new { name = LockName(database) }, cancellationToken: timeout.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException or InvalidOperationException)
        {
            // closing the session releases it too
        }
    }

    /// <summary>A lock name within MySQL's 64 characters, one per target database.</summary>
    private static string LockName(string database) =>
        "duckface:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..32].ToLower(CultureInfo.InvariantCulture);

    /// <summary>
    /// What outside the replaced tables would break if <c>--replace</c> moved them out (issue 12): the foreign keys of other
    /// tables, in this database or another, that reference one of <paramref name="replaced"/> (InnoDB makes such a key follow
    /// its parent into the retired database, which then cannot be dropped), one description each, sorted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ForeignKeysIntoAsync(MySqlConnection connection, string database,
        IReadOnlySet<string> replaced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        if (replaced.Count == 0)
            return [];
        var rows = await connection.QueryAsync<(string Schema, string Table, string Name, string Parent)>(new CommandDefinition(
            """
            SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE REFERENCED_TABLE_SCHEMA = @database AND REFERENCED_TABLE_NAME IS NOT NULL
            """, new { database }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        // filtered here rather than with IN (...): the names compare as the writer's (ordinal), whatever the server's collation
        return [.. rows.Where(r => replaced.Contains(r.Parent)
                && !(string.Equals(r.Schema, database, StringComparison.Ordinal) && replaced.Contains(r.Table)))
            .Select(r => $"foreign key {Q(r.Schema, r.Table)}.{MySqlNames.Quote(r.Name)} references {MySqlNames.Quote(r.Parent)}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The views, in any database, whose definition names one of <paramref name="replaced"/> in <paramref name="database"/>.
    /// MariaDB and MySQL resolve a view's tables by name when it is queried, so after the swap they read the new tables; they
    /// are reported, not refused (a view naming a column the new table lacks fails when queried, as it would after any
    /// schema change).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViewsOnAsync(MySqlConnection connection, string database,
        IReadOnlySet<string> replaced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        if (replaced.Count == 0)
            return [];
        var views = await connection.QueryAsync<(string Schema, string Name, string Definition)>(new CommandDefinition(
            "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS", cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        // the server stores a view's definition with every table qualified and quoted: `db`.`table`
        var names = replaced.Select(t => Q(database, t)).ToList();
        return [.. views.Where(v => v.Definition is { } text && names.Exists(n => text.Contains(n, StringComparison.Ordinal)))
            .Select(v => Q(v.Schema, v.Name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The one statement that swaps the new tables in: every replaced table of the target to <paramref name="retired"/>
    /// first, then every new table from <paramref name="staging"/> to the target. Foreign keys follow their tables.
    /// </summary>
    public static string SwapSql(string staging, string target, string retired, IEnumerable<string> tables, IReadOnlySet<string> replaced)
    {
        var list = tables.ToList();
        var moves = list.Where(replaced.Contains).Select(t => $"{Q(target, t)} TO {Q(retired, t)}")
            .Concat(list.Select(t => $"{Q(staging, t)} TO {Q(target, t)}"));
        return "RENAME TABLE " + string.Join(", ", moves);
    }

    private static string Q(string database, string table) => MySqlNames.Quote(database) + "." + MySqlNames.Quote(table);
}
