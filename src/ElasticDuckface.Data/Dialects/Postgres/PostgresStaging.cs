using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// The staging schemas of a PostgreSQL target (issue 12): a run builds every table, key, index, foreign key and enum type
/// in the schema <c>&lt;schema&gt;__duckface_staging_&lt;run&gt;</c> of the target database, then in one transaction drops
/// the replaced tables of <c>--replace</c>, moves the enum types and tables into the target schema (<c>SET SCHEMA</c>:
/// constraints follow the tables' OIDs, owned identity sequences and indexes move with them) and drops the staging
/// schema. PostgreSQL DDL is transactional, so a failed or killed run leaves the target schema as it was plus at most a
/// schema with this prefix, which the next run drops and <c>verify</c> reports as an incomplete run.
/// </summary>
internal static class PostgresStaging
{
    /// <summary>What every staging schema name holds after the (possibly shortened) target schema name.</summary>
    public const string Marker = "__duckface_staging_";

    /// <summary>The prefix shared by every staging schema of <paramref name="schema"/>; within 63 bytes with room for a run id.</summary>
    public static string Prefix(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var room = PostgresNames.MaxLength - Marker.Length - 8;
        if (Encoding.UTF8.GetByteCount(schema) <= room && schema.All(char.IsAscii))
            return schema + Marker;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..8].ToLower(CultureInfo.InvariantCulture);
        var ascii = new string([.. schema.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(room - 9)]);
        return ascii + "_" + hash + Marker;
    }

    /// <summary>A new staging schema name for one run.</summary>
    public static string NewName(string schema) =>
        Prefix(schema) + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLower(CultureInfo.InvariantCulture);

    /// <summary>Every staging schema of <paramref name="schema"/> in the connection's database
    /// (left by interrupted runs), sorted.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(NpgsqlConnection connection, string schema,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var prefix = Prefix(schema);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT nspname FROM pg_namespace", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The key of the session advisory lock a writer holds on its target schema, so a second run into the same target is
    /// refused instead of dropping the first one's staging schema.
    /// </summary>
    public static long LockKey(string database, string schema)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("duckface|" + database + "|" + schema));
        return BitConverter.ToInt64(hash, 0);
    }

    /// <summary>
    /// The statements of the swap transaction, in order: drop the replaced tables (CASCADE drops only other tables'
    /// foreign keys to them), drop a same-named enum type in the target (no CASCADE: one still in use fails the swap),
    /// move every enum type and table from <paramref name="staging"/> to <paramref name="target"/>, drop the staging schema.
    /// </summary>
    /// <param name="staging">This run's staging schema.</param>
    /// <param name="target">The target schema.</param>
    /// <param name="tables">The profile's tables, all built in the staging schema.</param>
    /// <param name="replaced">The tables the target holds now that <c>--replace</c> replaces (empty without it).</param>
    /// <param name="enumTypes">The enum type names as created (quoted identifiers, unqualified).</param>
    public static IReadOnlyList<string> SwapSql(string staging, string target, IEnumerable<string> tables, IReadOnlySet<string> replaced,
        IEnumerable<string> enumTypes)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(replaced);
        ArgumentNullException.ThrowIfNull(enumTypes);
        var s = PostgresNames.Quote(staging);
        var t = PostgresNames.Quote(target);
        var list = tables.ToList();
        var types = enumTypes.ToList();
        return
        [
            .. list.Where(replaced.Contains).Select(n => $"DROP TABLE {t}.{PostgresNames.Quote(n)} CASCADE"),
            .. types.Select(n => $"DROP TYPE IF EXISTS {t}.{n}"),
            .. types.Select(n => $"ALTER TYPE {s}.{n} SET SCHEMA {t}"),
            .. list.Select(n => $"ALTER TABLE {s}.{PostgresNames.Quote(n)} SET SCHEMA {t}"),
            $"DROP SCHEMA {s} CASCADE",
        ];
    }

    /// <summary>
    /// Drops the staging schemas of interrupted runs into <paramref name="schema"/> under the target's advisory lock
    /// (<see cref="LockKey"/>); while a generate holds it they are its own, reported as in use and kept. With
    /// <paramref name="dryRun"/> only lists them.
    /// </summary>
    public static async Task<StagingCleanup> CleanAsync(NpgsqlConnection connection, string database, string schema, bool dryRun,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var key = LockKey(database, schema);
        var found = await FindAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key },
                cancellationToken: cancellationToken)).ConfigureAwait(false))
            return new StagingCleanup([], found);
        try
        {
            if (!dryRun)
                await DropAsync(connection, found, cancellationToken).ConfigureAwait(false);

            return new StagingCleanup(found, []);
        }
        finally
        {
            await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key },
                cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>Drops staging schemas (the caller holds the target's lock), each statement retried after a lock timeout.</summary>
    public static async Task DropAsync(NpgsqlConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            var drop = $"DROP SCHEMA IF EXISTS {PostgresNames.Quote(name)} CASCADE";
            try
            {
                await PostgresErrors.Retry.StatementAsync(async ct =>
                {
                    await connection.ExecuteAsync(new CommandDefinition(drop, cancellationToken: ct)).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw new DatabaseOperationException($"Cannot drop the staging schema {name}: {ex.MessageText} "
                    + "Grant the user ownership of it, or drop it by hand.", ex);
            }
        }
    }
}
