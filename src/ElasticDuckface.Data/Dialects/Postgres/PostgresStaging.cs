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
    /// The statements of the swap transaction, in order: drop the replaced tables in one statement (no CASCADE, which would
    /// also drop the user's views, materialized views and other tables' foreign keys on them: a dependent that
    /// <see cref="DependentsAsync"/> did not foresee fails the statement and the transaction rolls back; one statement, so
    /// that the replaced tables' keys between themselves do not hold each other up), drop a same-named enum type in the
    /// target (no CASCADE: one still in use fails the swap), move every enum type and table from <paramref name="staging"/>
    /// to <paramref name="target"/>, drop the staging schema.
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
        var drop = list.Where(replaced.Contains).Select(n => $"{t}.{PostgresNames.Quote(n)}").ToList();
        return
        [
            .. drop.Count > 0 ? [$"DROP TABLE {string.Join(", ", drop)}"] : Array.Empty<string>(),
            .. types.Select(n => $"DROP TYPE IF EXISTS {t}.{n}"),
            .. types.Select(n => $"ALTER TYPE {s}.{n} SET SCHEMA {t}"),
            .. list.Select(n => $"ALTER TABLE {s}.{PostgresNames.Quote(n)} SET SCHEMA {t}"),
            $"DROP SCHEMA {s} CASCADE",
        ];
    }

    /// <summary>
    /// Every object outside <paramref name="tables"/> (the tables of <paramref name="schema"/> that <c>--replace</c> drops) that
    /// depends on one of them, from <c>pg_depend</c>: views and materialized views (their rewrite rules), foreign keys of other
    /// tables, columns of the tables' row types, functions, column defaults on their sequences; one line each as the server
    /// describes it ("view v depends on table t"), sorted. What is dropped with the tables (their own keys, indexes,
    /// triggers, defaults, policies, owned and identity sequences, row types) is not listed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DependentsAsync(NpgsqlConnection connection, string schema,
        IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
            return [];
        var lines = await connection.QueryAsync<string>(new CommandDefinition(
            """
            WITH replaced AS (
                SELECT c.oid, c.reltype FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = @schema AND c.relname = ANY(@tables) AND c.relkind IN ('r', 'p')
            ), gone AS (
                SELECT 'pg_class'::regclass::oid AS classid, oid AS objid, oid AS tableid FROM replaced
                UNION ALL SELECT 'pg_type'::regclass::oid, reltype, oid FROM replaced
                UNION ALL SELECT 'pg_class'::regclass::oid, d.objid, d.refobjid FROM pg_depend d JOIN replaced r ON r.oid = d.refobjid
                    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            ), dependent AS (
                SELECT d.classid, d.objid, d.objsubid, g.tableid, CASE d.classid
                    WHEN 'pg_constraint'::regclass::oid THEN (SELECT conrelid FROM pg_constraint WHERE oid = d.objid)
                    WHEN 'pg_rewrite'::regclass::oid THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                    WHEN 'pg_attrdef'::regclass::oid THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                    WHEN 'pg_trigger'::regclass::oid THEN (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid)
                    WHEN 'pg_policy'::regclass::oid THEN (SELECT polrelid FROM pg_policy WHERE oid = d.objid)
                    WHEN 'pg_class'::regclass::oid THEN d.objid END AS owner
                FROM pg_depend d JOIN gone g ON g.classid = d.refclassid AND g.objid = d.refobjid
                WHERE d.deptype = 'n'
            )
            SELECT DISTINCT CASE WHEN classid = 'pg_rewrite'::regclass::oid THEN pg_describe_object('pg_class'::regclass, owner, 0)
                    ELSE pg_describe_object(classid, objid, objsubid) END
                || ' depends on ' || pg_describe_object('pg_class'::regclass, tableid, 0)
            FROM dependent
            WHERE owner IS NULL OR owner NOT IN (SELECT objid FROM gone WHERE classid = 'pg_class'::regclass::oid)
            ORDER BY 1
            """, new { schema, tables = tables.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. lines];
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
