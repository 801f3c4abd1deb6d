using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Writes generated rows into a MySQL/MariaDB database, complete or not at all (issue 12): creates the tables from the
/// profile (<see cref="MySqlDdl"/>) in a staging database (<see cref="MySqlStaging"/>), loads each table with
/// <see cref="MySqlBulkCopy"/> (<c>LOAD DATA LOCAL INFILE</c>) in batches with <c>FOREIGN_KEY_CHECKS=0</c>, builds each table's
/// plain secondary indexes on a second session while the next table loads, adds the foreign keys, turns the checks back on
/// and counts orphans per foreign key, and only then moves every table into the target with one atomic
/// <c>RENAME TABLE</c> (replaced tables moved out in the same statement, then dropped).
/// </summary>
/// <remarks>
/// A failed or cancelled run drops its staging database; a killed one leaves it, and the next run into the same target
/// drops it. The target is created (empty) only at the swap. The server needs <c>local_infile=ON</c>.
/// </remarks>
internal sealed class MySqlWriter : IDatabaseWriter
{
    private readonly DatabaseLocation _location;
    private readonly MySqlConnection _connection;
    private readonly WriterOptions _options;
    private IReadOnlyList<TableProfile> _tables = [];
    private bool _replace;
    private HashSet<string> _existingTables = new(StringComparer.Ordinal);
    private string? _staging;
    private bool _completed;
    private bool _locked;
    private readonly HashSet<string> _indexed = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _foreignKeys = [];

    // the second session: a loaded table's deferred indexes build on it, one table after the other in load order, while the
    // next table loads on the first (ADR 0005, "MariaDB: indexes built beside the next load")
    private MySqlConnection? _builder;
    private Task _building = Task.CompletedTask;
    private readonly CancellationTokenSource _stopBuilding = new();

    private MySqlWriter(DatabaseLocation location, MySqlConnection connection, WriterOptions options)
    {
        _location = location;
        _connection = connection;
        _options = options;
    }

    /// <summary>
    /// Opens the target database (creating it when it does not exist), checks that it holds none of the profile's
    /// tables unless <paramref name="replace"/>, and turns foreign key checks off for this session.
    /// </summary>
    /// <param name="location">The target database.</param>
    /// <param name="sourceDialect">The profile's source dialect; <c>mysql</c> keeps declared column types as-is.</param>
    /// <param name="replace">Drop the profile's tables if they exist (other tables are never touched).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<MySqlWriter> OpenAsync(DatabaseLocation location, string sourceDialect, bool replace = false,
        CancellationToken cancellationToken = default) =>
        OpenAsync(location, new WriterOptions(replace, sourceDialect, DatabaseEngines.TypesFor(sourceDialect)), cancellationToken);

    /// <summary>
    /// Checks that the target holds no tables unless <see cref="WriterOptions.Replace"/>, drops the staging databases of
    /// interrupted runs, creates this run's staging database and turns foreign key checks off for this session. The
    /// target itself is created, if missing, only when the run completes.
    /// </summary>
    public static async Task<MySqlWriter> OpenAsync(DatabaseLocation location, WriterOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var replace = options.Replace;
        var database = location.DatabaseName!;
        var connection = await MySqlEngine.OpenServerAsync(location, cancellationToken).ConfigureAwait(false);
        var writer = new MySqlWriter(location, connection, options) { _replace = replace };
        try
        {
            writer._existingTables = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @database", new { database },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            if (writer._existingTables.Count > 0 && !replace)
            {
                throw new OutputException(string.Create(CultureInfo.InvariantCulture,
                    $"The target {location.Display} is not empty ({writer._existingTables.Count} tables). Generate into a new ")
                    + "or empty database, or pass --replace to replace the profile's tables (other tables are left alone).");
            }

            // one run per target: a second one would drop the first one's staging database below
            if (!await MySqlStaging.TryLockAsync(connection, database, cancellationToken).ConfigureAwait(false))
            {
                throw new OutputException($"Another generate is writing into {location.Display}. "
                    + "Wait for it to finish, or stop it, then rerun.");
            }

            writer._locked = true;
            // what a killed run left behind: only ever databases named <target>__duckface_staging_*
            await MySqlStaging.DropAllAsync(connection, database, cancellationToken).ConfigureAwait(false);
            var staging = MySqlStaging.NewName(database);
            try
            {
                await writer.ExecuteAsync($"CREATE DATABASE {MySqlNames.Quote(staging)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                    cancellationToken).ConfigureAwait(false);
                writer._staging = staging;
                await connection.ChangeDatabaseAsync(staging, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MySqlException or DatabaseOperationException)
            {
                throw new DatabaseOperationException($"Cannot create the staging database for {location.Display}: "
                    + $"{MySqlErrors.OneLine(ex.Message)} Grant the user CREATE and DROP on the server (duckface builds in "
                    + $"{staging} and moves the tables in when complete).", ex);
            }

            // a metadata lock held by the application (on a table --replace moves out) fails the swap after 10 s instead of
            // a day (the server's default); the swap is then retried with backoff
            await writer.ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 0, SESSION lock_wait_timeout = 10", cancellationToken)
                .ConfigureAwait(false);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (string.Equals(_options.SourceDialect, "mysql", StringComparison.OrdinalIgnoreCase))
            MySqlPreflight.Check(tables); // a type the writer cannot generate, named before any table is created
        _tables = tables;
        // before any table is built: a refusal leaves the target as it was (the empty staging database is dropped on dispose)
        await RefuseDependentsAsync(_existingTables, noteViews: true, cancellationToken).ConfigureAwait(false);
        await RefuseCaseTwinAsync(tables, cancellationToken).ConfigureAwait(false);
        // everything is built in the staging database: a failing CREATE TABLE leaves the target untouched
        foreach (var table in tables)
            await ExecuteAsync(MySqlDdl.CreateTable(table, _options, deferIndexes: true), cancellationToken).ConfigureAwait(false);
        // the foreign keys are added after the loads: a child's LOAD DATA takes a metadata lock on every table its foreign
        // keys reference (FOREIGN_KEY_CHECKS = 0 or not), which would hold the parent's index build back until each batch ends
        _foreignKeys = [.. tables.SelectMany(MySqlDdl.AddForeignKeys)];
    }

    public async Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        if (_building.IsFaulted)
            await _building.ConfigureAwait(false); // an index build failed: no point loading the next table
        // by name: the rows hold the table's columns less its generated ones, which LOAD DATA must not name
        var loaded = await MySqlBulkLoad.WriteAsync(_connection, null, _location, table, rows, byName: true, cancellationToken)
            .ConfigureAwait(false);
        // the plain secondary indexes, built once from the filled table (ADR 0005, "MariaDB: indexes after the load"), as the
        // schema declared them (the rows' table may leave out generated columns and what indexes them)
        var created = _tables.FirstOrDefault(t => string.Equals(t.Name, table.Name, StringComparison.Ordinal)) ?? table;
        if (_indexed.Add(table.Name) && MySqlDdl.AddDeferredIndexes(created, _options) is { } addIndexes)
        {
            var builder = _builder ??= await OpenBuilderAsync(cancellationToken).ConfigureAwait(false);
            _building = BuildAfterAsync(_building, builder, addIndexes);
        }

        return loaded;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _building.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_builder is { } builder)
        {
            _builder = null;
            await builder.DisposeAsync().ConfigureAwait(false);
        }

        // metadata only under FOREIGN_KEY_CHECKS = 0 (no table copy, no row read); the orphan check below is the validation
        foreach (var statement in _foreignKeys)
            await ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("SET SESSION FOREIGN_KEY_CHECKS = 1", cancellationToken).ConfigureAwait(false);
        var orphans = await MySqlOrphans.FindAsync(_connection, null, _tables, cancellationToken).ConfigureAwait(false);
        if (orphans.Count > 0)
            throw OrphanCheck.Error(_location.Display, orphans, "Nothing was moved into the target.");
        await SwapAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the complete tables into the target in one RENAME TABLE, replaced ones out to a database then dropped.</summary>
    private async Task SwapAsync(CancellationToken cancellationToken)
    {
        var database = _location.DatabaseName!;
        var staging = _staging!;
        await ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {MySqlNames.Quote(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                cancellationToken)
            .ConfigureAwait(false);
        var present = (await _connection.QueryAsync<string>(new CommandDefinition(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @database", new { database },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var replaced = _tables.Select(t => t.Name).Where(present.Contains).ToHashSet(StringComparer.Ordinal);
        if (replaced.Count > 0 && !_replace)
            throw new OutputException($"The target {_location.Display} gained tables during the run. "
                + "Nothing was moved into it; pass --replace or use an empty database.");
        // asked again: a key added to the target during the run would follow its parent into the retired database
        await RefuseDependentsAsync(present, noteViews: false, cancellationToken).ConfigureAwait(false);
        var retired = MySqlStaging.RetiredName(staging);
        if (replaced.Count > 0)
            await ExecuteAsync($"CREATE DATABASE {MySqlNames.Quote(retired)}", cancellationToken).ConfigureAwait(false);
        // the point of no return, atomic: before it the target is as it was, after it every new table is in place
        await ExecuteAsync(MySqlStaging.SwapSql(staging, database, retired, _tables.Select(t => t.Name), replaced), cancellationToken)
            .ConfigureAwait(false);
        _completed = true;
        await _connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("DROP DATABASE IF EXISTS " + MySqlNames.Quote(retired), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("DROP DATABASE IF EXISTS " + MySqlNames.Quote(staging), cancellationToken).ConfigureAwait(false);
        _staging = null;
    }

    /// <summary>
    /// Refuses a target whose name differs from another database's only in case when that one holds foreign keys of the
    /// same names: InnoDB compares foreign-key names without case (also where database names keep it), so the swap's RENAME
    /// would fail at the end with a misleading "Table ... already exists" (errno 121, duplicate key).
    /// </summary>
    private async Task RefuseCaseTwinAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken)
    {
        var database = _location.DatabaseName!;
        var names = tables.SelectMany(t => t.ConstraintForeignKeys).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0)
            return;
        var twins = (await _connection.QueryAsync<(string Schema, string Name)>(new CommandDefinition(
                "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                + "WHERE LOWER(CONSTRAINT_SCHEMA) = LOWER(@database)", new { database }, cancellationToken: cancellationToken))
            .ConfigureAwait(false))
            .Where(k => !string.Equals(k.Schema, database, StringComparison.Ordinal) && names.Contains(k.Name))
            .ToList();
        if (twins.Count == 0)
            return;
        throw new OutputException($"The target {_location.Display} differs from the database `{twins[0].Schema}` only in case, "
            + $"and that one holds foreign keys of the same names ({string.Join(", ", twins.Select(k => k.Name).Distinct().Order())}), "
            + "which InnoDB tells apart without case: moving the tables in would fail. Choose a target name that differs by more "
            + "than case. Nothing was written.");
    }

    /// <summary>
    /// With <c>--replace</c>, refuses a target where other tables' foreign keys reference a table to replace: the swap would
    /// move the parent out with the key still pointing at it (into the retired database, which could then not be dropped).
    /// Views on the replaced tables are reported: they read the new tables by name after the swap.
    /// </summary>
    /// <param name="present">The target's tables now: the profile's among them are the replaced ones.</param>
    /// <param name="noteViews">Report the views (once a run: when the schema is created).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    private async Task RefuseDependentsAsync(IReadOnlySet<string> present, bool noteViews, CancellationToken cancellationToken)
    {
        if (!_replace)
            return;
        var database = _location.DatabaseName!;
        var replaced = _tables.Select(t => t.Name).Where(present.Contains).ToHashSet(StringComparer.Ordinal);
        var keys = await MySqlStaging.ForeignKeysIntoAsync(_connection, database, replaced, cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            throw new OutputException(string.Create(CultureInfo.InvariantCulture,
                $"The target {_location.Display} cannot be replaced: {keys.Count} foreign keys of tables outside the profile ")
                + $"reference its tables ({string.Join("; ", keys)}). --replace replaces only the profile's tables and never "
                + "changes another table's keys: drop or alter those foreign keys (or their tables) first, or generate into "
                + "another database. Nothing was written.");
        }

        if (noteViews && _options.Progress is { } progress
            && await MySqlStaging.ViewsOnAsync(_connection, database, replaced, cancellationToken).ConfigureAwait(false) is
                { Count: > 0 } views)
        {
            progress.Report($"note: views on replaced tables read the new tables once they are in place: {string.Join(", ", views)}.");
        }
    }

    /// <summary>The second session, in the staging database with foreign key checks off like the first.</summary>
    private async Task<MySqlConnection> OpenBuilderAsync(CancellationToken cancellationToken)
    {
        var connection = await MySqlEngine.OpenServerAsync(_location, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ChangeDatabaseAsync(_staging!, cancellationToken).ConfigureAwait(false);
            await ExecuteOnAsync(connection, "SET SESSION FOREIGN_KEY_CHECKS = 0", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one table's index build on the second session once the builds before it are done.</summary>
    private async Task BuildAfterAsync(Task previous, MySqlConnection builder, string sql)
    {
        await previous.ConfigureAwait(false);
        await ExecuteOnAsync(builder, sql, _stopBuilding.Token).ConfigureAwait(false);
    }

    /// <summary>The shared orphan count (<see cref="OrphanCheck"/>) in MySQL quoting.</summary>
    internal static string OrphanCountSql(TableProfile table, ForeignKeyProfile fk) => OrphanCheck.CountSql(MySqlNames.Quote, table, fk);

    /// <summary>
    /// Drops the staging database of an unfinished run (best effort: a killed run's is dropped by the next), then closes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // an unfinished index build is cancelled (KILL QUERY) and waited for: the staging database is dropped after it
        await _stopBuilding.CancelAsync().ConfigureAwait(false);
        try
        {
            await _building.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DatabaseOperationException or OperationCanceledException or MySqlException)
        {
            // reported by WriteRowsAsync or CompleteAsync already, or the run failed for another reason first
        }

        if (_builder is { } builder)
            await builder.DisposeAsync().ConfigureAwait(false);
        _stopBuilding.Dispose();
        if (_staging is { } staging && _connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _connection.ExecuteAsync(new CommandDefinition(
                    "DROP DATABASE IF EXISTS " + MySqlNames.Quote(staging), cancellationToken: timeout.Token)).ConfigureAwait(false);
                if (_completed)
                    await _connection.ExecuteAsync(new CommandDefinition(
                        "DROP DATABASE IF EXISTS " + MySqlNames.Quote(MySqlStaging.RetiredName(staging)),
                        cancellationToken: timeout.Token)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MySqlException or OperationCanceledException or InvalidOperationException)
            {
                // the next run into this target drops it; the original error is the one worth reporting
            }
        }

        if (_locked)
            await MySqlStaging.UnlockAsync(_connection, _location.DatabaseName!).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteOnAsync(_connection, sql, cancellationToken);

    private async Task ExecuteOnAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        try
        {
            // every statement here is autocommitted: after a deadlock or lock timeout the server undid it, so it is run again
            await MySqlErrors.Retry.StatementAsync(async token =>
                await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: token)).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            var head = sql.Split('\n')[0];
            throw new DatabaseOperationException(
                $"Statement failed on {_location.Display}: {MySqlErrors.OneLine(ex.Message)} Statement: {head}", ex);
        }
    }
}
