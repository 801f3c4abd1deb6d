using System.Data.Common;
using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Verification;

/// <summary>
/// The integrity checks of <c>duckface verify</c>, as SQL on the target opened read-only (SQLite, MySQL and PostgreSQL):
/// tables and columns of the profile present, row counts as planned, no orphans, no parent below its foreign key's declared
/// minimum of children, no duplicate keys, no NULL in a NOT NULL column.
/// </summary>
/// <example>
/// <code>
/// var checks = await HardChecks.RunAsync(DatabaseLocation.Parse("out.db"), profile, plan);
/// var failed = checks.Where(c => !c.Passed);
/// </code>
/// </example>
public static class HardChecks
{
    /// <summary>Runs every hard check of <paramref name="profile"/> on the database at <paramref name="location"/>.</summary>
    /// <param name="location">The target database; only read.</param>
    /// <param name="profile">The profile whose schema the target should hold.</param>
    /// <param name="plan">The plan giving expected row counts, or null to skip the row-count check.</param>
    /// <param name="progress">Receives one line per table; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DatabaseOperationException">The target cannot be read.</exception>
    public static async Task<IReadOnlyList<HardCheckResult>> RunAsync(DatabaseLocation location, DatabaseProfile profile,
        GenerationPlan? plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(profile);
        var source = await SourceDatabase.OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                var schema = await source.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
                return await RunAsync(source, profile, schema, plan, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new DatabaseOperationException($"Checking {location.Display} failed: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }
    }

    /// <summary>
    /// The checks on an open source whose schema was read already: a multi-database verify passes the qualified source of
    /// its targets and their schemas qualified, so that references across the databases are counted like any other.
    /// </summary>
    internal static async Task<IReadOnlyList<HardCheckResult>> RunAsync(SourceDatabase source, DatabaseProfile profile,
        IReadOnlyList<TableProfile> schema, GenerationPlan? plan, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        TableProfile? Find(string name) =>
            schema.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
            ?? schema.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

        var results = new List<HardCheckResult>();
        var steps = ProfilingSteps.For(progress);
        for (var i = 0; i < profile.Tables.Count; i++)
        {
            var table = profile.Tables[i];
            var target = Find(table.Name);
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"[check {i + 1}/{profile.Tables.Count}] {table.Name}"));
            steps.Start(table.Name, i + 1, profile.Tables.Count, ProfilingPhase.Checking);
            if (target is null)
            {
                results.Add(new(HardCheckKind.MissingTable, table.Name, "", 1, 0, "create it, or regenerate the target from this profile"));
                continue;
            }

            var q = source.Quote(target.Name);
            var missing = table.Columns.Where(c => target.FindColumn(c.Name) is null).ToList();
            results.AddRange(missing.Select(c => new HardCheckResult(HardCheckKind.MissingColumn, table.Name, c.Name, 1, 0, "")));
            string? Col(string name) => target.FindColumn(name)?.Name;

            if (plan?.Find(table.Name) is { } tp)
            {
                var rows = await source.ScalarAsync($"SELECT COUNT(*) FROM {q}", cancellationToken).ConfigureAwait(false);
                results.Add(new(HardCheckKind.RowCount, table.Name, "", rows, tp.TargetRows,
                    $"{tp.Rule.ToString().ToLowerInvariant()}: {tp.Reason}"));
            }

            // NOT NULL: one scan for every NOT NULL column of the table
            var notNull = table.Columns.Where(c => !c.Nullable && Col(c.Name) is not null).ToList();
            if (notNull.Count > 0)
            {
                var sums = string.Join(", ", notNull.Select(c => $"SUM(CASE WHEN {source.Quote(Col(c.Name)!)} IS NULL THEN 1 ELSE 0 END)"));
                var row = await QueryRowAsync(source, $"SELECT {sums} FROM {q}", cancellationToken).ConfigureAwait(false);
                for (var c = 0; c < notNull.Count; c++)
                    results.Add(new(HardCheckKind.NotNull, table.Name, notNull[c].Name, row[c], 0, ""));
            }

            var keys = new List<(KeyProfile Key, bool Primary)>();
            if (table.PrimaryKey is { } pk)
                keys.Add((pk, true));
            keys.AddRange(table.UniqueKeys.Select(k => (k, false)));
            foreach (var (key, primary) in keys)
            {
                if (key.Columns.Count == 0 || key.Columns.Any(c => Col(c) is null))
                    continue;
                var cols = string.Join(", ", key.Columns.Select(c => source.Quote(Col(c)!)));
                // a unique key allows any number of rows with a NULL in the key; a primary key does not
                var where = primary
                    ? ""
                    : " WHERE " + string.Join(" AND ", key.Columns.Select(c => source.Quote(Col(c)!) + " IS NOT NULL"));
                var dup = await source.ScalarAsync(
                    $"SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM {q}{where} GROUP BY {cols} HAVING COUNT(*) > 1) d",
                        cancellationToken).ConfigureAwait(false);
                var subject = (primary ? "PRIMARY" : key.Name) + "(" + string.Join(", ", key.Columns) + ")";
                results.Add(new(HardCheckKind.DuplicateKey, table.Name, subject, dup, 0, ""));
            }

            foreach (var fk in table.ForeignKeys)
            {
                var parent = Find(fk.ReferencedTable);
                if (parent is null || fk.Columns.Any(c => Col(c) is null) || fk.ReferencedColumns.Any(c => parent.FindColumn(c) is null))
                    continue;
                var childColumns = fk.Columns.Select(c => Col(c)!).ToList();
                var parentColumns = fk.ReferencedColumns.Select(c => parent.FindColumn(c)!.Name).ToList();
                var sql = OrphanCheck.CountSql(source.Quote, target.Name, childColumns, parent.Name, parentColumns);
                var orphans = await source.ScalarAsync(sql, cancellationToken).ConfigureAwait(false);
                results.Add(new(HardCheckKind.Orphans, table.Name, fk.Name, orphans, 0, "→ " + fk.ReferencedTable));
                // only a declared minimum costs a query: a profile without one runs the checks it always ran
                if (fk.MinChildren > 0)
                {
                    sql = MinimumCheck.CountSql(source.Quote, target.Name, childColumns, parent.Name, parentColumns, fk.MinChildren,
                        MinimumCheck.Indexed(target, childColumns));
                    var below = await source.ScalarAsync(sql, cancellationToken).ConfigureAwait(false);
                    var reference = fk.Columns.Count == 1 ? fk.Columns[0] : "(" + string.Join(", ", fk.Columns) + ")";
                    results.Add(new(HardCheckKind.BelowMinimum, table.Name, fk.Name, below, 0,
                        $"{table.Name}.{reference} → {fk.ReferencedTable}") { Minimum = fk.MinChildren });
                }
            }
        }

        return results;
    }

    private static async Task<long[]> QueryRowAsync(SourceDatabase source, string sql, CancellationToken cancellationToken)
    {
        var command = source.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            command.Transaction = source.Transaction;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var result = new long[reader.FieldCount];
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < result.Length; i++)
                    result[i] = reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            return result;
        }
    }
}
