using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Sampling;

/// <summary>
/// Draws a foreign-key-consistent sample of a SQLite database into a new SQLite file, the way the dataset-scaling
/// literature (UpSizeR, Dscaler) evaluates a scaler: sample D to D′, scale D′ back up, compare with D.
/// </summary>
/// <remarks>
/// <para>Rules (docs/fidelity.md explains why):</para>
/// <list type="number">
/// <item>Lookup tables (at most <see cref="SampleOptions.EffectiveLookupMaxRows"/> rows) are kept whole.</item>
/// <item>Root tables (no foreign key to a table that is not a lookup, self-references aside) keep
/// round(rows × fraction) rows, the ones with the smallest seeded hash of their rowid.</item>
/// <item>Every other table follows one parent (the sampled parent with the largest mean fan-out unless
/// <see cref="SampleOptions.Follow"/> says otherwise): a row is kept when its row in that parent is kept, so a kept
/// parent keeps all its children and that foreign key's fan-out distribution is sampled without bias.</item>
/// <item>Closure: every row a kept row references is added, until nothing changes, so no foreign key dangles.</item>
/// </list>
/// <para>With <see cref="SampleOptions.Roots"/> only the named roots' dimension is sampled (a 10% sample along one
/// dimension) and every table outside it is kept whole, so nothing outside is partial.</para>
/// <para>The schema (tables and indexes) is copied verbatim; triggers and views are not. Needs rowid tables.</para>
/// </remarks>
internal static class ForeignKeySampler
{
    /// <summary>A table whose sample would hold fewer rows than this is a lookup table, kept whole.</summary>
    public const int MinSampledRows = 5;

    /// <summary>Samples the SQLite database at <paramref name="source"/> into a new SQLite file <paramref name="targetPath"/>.</summary>
    /// <param name="source">A SQLite database (only read).</param>
    /// <param name="targetPath">The sample file; replaced if it exists.</param>
    /// <param name="options">Fraction, seed, lookup threshold.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<SampleResult> SampleAsync(DatabaseLocation source, string targetPath, SampleOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentNullException.ThrowIfNull(options);
        if (source.Engine is not SqliteEngine || source.FilePath is null)
            throw new DuckfaceException($"Sampling needs a SQLite source, got {source.Display}.");
        if (!(options.Fraction > 0 && options.Fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Fraction, "The fraction must be in (0, 1].");

        IReadOnlyList<TableProfile> schema;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var db = await SourceDatabase.OpenReadOnlyAsync(source, cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            schema = await db.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            foreach (var t in schema)
                counts[t.Name] = await db.Connection.ExecuteScalarAsync<long>(
                    new CommandDefinition($"SELECT COUNT(*) FROM {Q(t.Name)}", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var tables = schema.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var lookupMax = options.EffectiveLookupMaxRows;
        var smallLookups = schema.Where(t => counts[t.Name] <= lookupMax).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var outside = SampleDimensions.Outside(schema, smallLookups, options.Roots);
        // from here on a table outside the drawn dimension is treated as a lookup: kept whole, never followed
        var lookups = smallLookups.Union(outside, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var follows = SampleDimensions.ChooseParents(schema, counts, lookups, options);

        File.Delete(targetPath);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = targetPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false
        }.ConnectionString);
        await using var disposeConnection = c.ConfigureAwait(false);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Exec(c, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF", cancellationToken)
            .ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("ATTACH DATABASE @path AS src", new { path = source.FilePath },
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var keep = new Dictionary<string, string>(StringComparer.Ordinal);
        var drawn = new Dictionary<string, string>(StringComparer.Ordinal);
        var hits = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var t in schema)
        {
            keep[t.Name] = $"temp.keep_{n}";
            drawn[t.Name] = $"temp.drawn_{n}";
            hits[t.Name] = $"temp.hits_{n++}";
            await Exec(c, $"CREATE TABLE {keep[t.Name]} (id INTEGER PRIMARY KEY); CREATE TABLE {drawn[t.Name]} (id INTEGER PRIMARY KEY); "
                + $"CREATE TABLE {hits[t.Name]} (id INTEGER PRIMARY KEY, drawn INTEGER NOT NULL, kept INTEGER NOT NULL)",
                cancellationToken).ConfigureAwait(false);
        }

        var units = await UnitsAsync(c, schema, tables, lookups, follows, cancellationToken).ConfigureAwait(false);
        var design = new Design(schema, tables, lookups, follows, keep, drawn, units, options);

        // inclusion probabilities: the same design replicated with independent seeds (see SampleOptions.Replicates)
        for (var r = 0; r < options.Replicates; r++)
        {
            var replicateSeed = unchecked((long)StableHash.Derive(options.Seed, "fk-sample-replicate",
                r.ToString(CultureInfo.InvariantCulture)));
            await SelectAsync(c, design, replicateSeed, cancellationToken).ConfigureAwait(false);
            foreach (var t in schema)
            {
                await Exec(c,
                    $"INSERT INTO {hits[t.Name]} (id, drawn, kept) SELECT k.id, k.id IN (SELECT id FROM {drawn[t.Name]}), 1 "
                        + $"FROM {keep[t.Name]} k WHERE true ON CONFLICT (id) DO UPDATE SET drawn = drawn + excluded.drawn, "
                        + $"kept = kept + 1",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await SelectAsync(c, design, options.Seed, cancellationToken).ConfigureAwait(false);
        var (beforeClosure, estimated) = await EstimateAsync(c, design, counts, hits, cancellationToken).ConfigureAwait(false);
        await CopyAsync(c, schema, keep, cancellationToken).ConfigureAwait(false);

        var result = new List<SampledTable>();
        foreach (var t in schema.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var rows = await c.ExecuteScalarAsync<long>(
                new CommandDefinition($"SELECT COUNT(*) FROM main.{Q(t.Name)}", cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            var role = outside.Contains(t.Name) ? SampleRole.Whole
                : lookups.Contains(t.Name) ? SampleRole.Lookup
                : follows.ContainsKey(t.Name) ? SampleRole.Child : SampleRole.Root;
            result.Add(new SampledTable(t.Name, role, follows.GetValueOrDefault(t.Name), counts[t.Name], rows,
                rows - beforeClosure[t.Name], estimated[t.Name]));
        }

        await Exec(c, "DETACH DATABASE src", cancellationToken).ConfigureAwait(false);
        var violations = (await c.QueryAsync(new CommandDefinition("PRAGMA main.foreign_key_check", cancellationToken: cancellationToken))
            .ConfigureAwait(false)).LongCount();
        return new SampleResult(result, lookupMax, violations);
    }

    /// <summary>
    /// Per table, the rows drawn before the closure and the estimated population size (Horvitz–Thompson, with each
    /// row's inclusion probability from the replicates when there are any).
    /// </summary>
    private static async Task<(Dictionary<string, long> BeforeClosure, Dictionary<string, double> Estimated)> EstimateAsync(
        SqliteConnection c, Design design, Dictionary<string, long> counts, Dictionary<string, string> hits,
        CancellationToken cancellationToken)
    {
        var beforeClosure = new Dictionary<string, long>(StringComparer.Ordinal);
        var estimated = new Dictionary<string, double>(StringComparer.Ordinal);
        string RootOf(string t) => design.Follows.TryGetValue(t, out var p) ? RootOf(p) : t;
        foreach (var t in design.Schema)
        {
            beforeClosure[t.Name] = await c.ExecuteScalarAsync<long>(
                new CommandDefinition($"SELECT COUNT(*) FROM {design.Drawn[t.Name]}", cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            if (design.Lookups.Contains(t.Name))
            {
                estimated[t.Name] = counts[t.Name];
                continue;
            }

            // the probability of being drawn (as a root row or by following one) is known exactly: n / N of its root table
            var rootUnits = design.Units[RootOf(t.Name)];
            var p = rootUnits.Count == 0 ? 0 : (double)DrawSize(rootUnits.Count, design.Options) / rootUnits.Count;
            if (design.Options.Replicates == 0)
            {
                var rows = await c.ExecuteScalarAsync<long>(
                    new CommandDefinition($"SELECT COUNT(*) FROM {design.Keep[t.Name]}", cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                estimated[t.Name] = rows / design.Options.Fraction;
                continue;
            }

            // π = p + (1 − p) q, q = P(added by the closure | not drawn), estimated from the replicates; a row the
            // closure added here counts itself as one more replicate (Fattorini 2006), so that q̂ > 0
            estimated[t.Name] = await c.ExecuteScalarAsync<double>(new CommandDefinition(
                $"""
                SELECT COALESCE(SUM(1.0 / (@p + (1 - @p) * q)), 0) FROM (
                  SELECT CASE WHEN k.id IN (SELECT id FROM {design.Drawn[t.Name]})
                           THEN COALESCE((COALESCE(h.kept, 0) - COALESCE(h.drawn, 0)) * 1.0 / NULLIF(@r - COALESCE(h.drawn, 0), 0), 0)
                           ELSE (COALESCE(h.kept, 0) - COALESCE(h.drawn, 0) + 1.0) / (@r - COALESCE(h.drawn, 0) + 1) END AS q
                  FROM {design.Keep[t.Name]} k LEFT JOIN {hits[t.Name]} h ON h.id = k.id)
                """,
                new { p, r = design.Options.Replicates }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return (beforeClosure, estimated);
    }

    /// <summary>Copies the schema verbatim (tables first, then indexes), then the kept rows in rowid order, in one transaction.</summary>
    private static async Task CopyAsync(SqliteConnection c, IReadOnlyList<TableProfile> schema, Dictionary<string, string> keep,
        CancellationToken cancellationToken)
    {
        var ddl = (await c.QueryAsync<(string Type, string Sql)>(new CommandDefinition(
            "SELECT type, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index') "
                + "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid",
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            foreach (var (_, sql) in ddl)
                await c.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
            foreach (var t in schema)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO main.{Q(t.Name)} SELECT * FROM src.{Q(t.Name)} "
                        + $"WHERE rowid IN (SELECT id FROM {keep[t.Name]}) ORDER BY rowid",
                    transaction: tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

    }

    /// <summary>
    /// Fills the keep tables with one realisation of the design for <paramref name="seed"/>: lookups whole, roots drawn,
    /// children following their parent, then the closure; the drawn tables hold what was kept before the closure.
    /// </summary>
    private static async Task SelectAsync(SqliteConnection c, Design design, long seed, CancellationToken cancellationToken)
    {
        var (schema, tables, lookups, follows, keep) = (design.Schema, design.Tables, design.Lookups, design.Follows, design.Keep);
        foreach (var t in schema)
            await Exec(c, $"DELETE FROM {keep[t.Name]}", cancellationToken).ConfigureAwait(false);

        // 1. lookups whole; 2. roots drawn
        foreach (var t in schema)
        {
            if (lookups.Contains(t.Name))
                await Exec(c, $"INSERT INTO {keep[t.Name]} SELECT rowid FROM src.{Q(t.Name)}", cancellationToken).ConfigureAwait(false);
            else if (!follows.ContainsKey(t.Name))
                await InsertIdsAsync(c, keep[t.Name], Draw(design.Units[t.Name], t.Name, design.Options, seed), cancellationToken)
                    .ConfigureAwait(false);
        }

        // 3. children follow their parent, parents first
        foreach (var name in SampleDimensions.FollowOrder(follows))
        {
            var fk = tables[name].ForeignKeys.First(f => string.Equals(f.ReferencedTable, follows[name], StringComparison.Ordinal));
            await Exec(c, $"INSERT OR IGNORE INTO {keep[name]} SELECT c.rowid FROM src.{Q(name)} c "
                + $"JOIN src.{Q(fk.ReferencedTable)} p ON {On(fk)} WHERE p.rowid IN (SELECT id FROM {keep[fk.ReferencedTable]})",
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var t in schema)
            await Exec(c, $"DELETE FROM {design.Drawn[t.Name]}; INSERT INTO {design.Drawn[t.Name]} SELECT id FROM {keep[t.Name]}",
                cancellationToken).ConfigureAwait(false);

        // 4. closure: add every referenced parent row until nothing changes
        for (var added = 1; added > 0;)
        {
            added = 0;
            foreach (var t in schema)
            {
                foreach (var fk in t.ForeignKeys.Where(f => tables.ContainsKey(f.ReferencedTable) && !lookups.Contains(f.ReferencedTable)))
                {
                    added += await c.ExecuteAsync(new CommandDefinition(
                        $"INSERT OR IGNORE INTO {keep[fk.ReferencedTable]} SELECT p.rowid FROM src.{Q(t.Name)} c "
                            + $"JOIN src.{Q(fk.ReferencedTable)} p ON {On(fk)} WHERE c.rowid IN (SELECT id FROM {keep[t.Name]})",
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Per root table, its rows with their unit size: 1 + the rows of every table that follows it (transitively) and
    /// references that row through the followed foreign keys. Sorted by rowid.
    /// </summary>
    private static async Task<Dictionary<string, List<(long Id, long Size)>>> UnitsAsync(
        SqliteConnection c, IReadOnlyList<TableProfile> schema, Dictionary<string, TableProfile> tables, HashSet<string> lookups,
        Dictionary<string, string> follows, CancellationToken cancellationToken)
    {
        var unit = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        string RootOf(string t) => follows.TryGetValue(t, out var p) ? RootOf(p) : t;
        var roots = schema.Where(t => !lookups.Contains(t.Name) && !follows.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        foreach (var r in roots)
        {
            unit[r] = $"temp.unit_{n++}";
            await Exec(c, $"CREATE TABLE {unit[r]} (id INTEGER PRIMARY KEY, root INTEGER NOT NULL); "
                + $"INSERT INTO {unit[r]} SELECT rowid, rowid FROM src.{Q(r)}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in SampleDimensions.FollowOrder(follows))
        {
            var fk = tables[name].ForeignKeys.First(f => string.Equals(f.ReferencedTable, follows[name], StringComparison.Ordinal));
            unit[name] = $"temp.unit_{n++}";
            await Exec(c, $"CREATE TABLE {unit[name]} (id INTEGER PRIMARY KEY, root INTEGER NOT NULL); "
                + $"INSERT OR IGNORE INTO {unit[name]} SELECT c.rowid, u.root FROM src.{Q(name)} c "
                + $"JOIN src.{Q(fk.ReferencedTable)} p ON {On(fk)} JOIN {unit[fk.ReferencedTable]} u ON u.id = p.rowid",
                cancellationToken).ConfigureAwait(false);
        }

        var result = new Dictionary<string, List<(long Id, long Size)>>(StringComparer.Ordinal);
        foreach (var r in roots)
        {
            var members = unit.Keys
                .Where(t => !string.Equals(t, r, StringComparison.Ordinal) && string.Equals(RootOf(t), r, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            var sizes = string.Concat(members.Select(t => $" + (SELECT COUNT(*) FROM {unit[t]} m WHERE m.root = u.id)"));
            result[r] = (await c.QueryAsync<(long, long)>(new CommandDefinition($"SELECT u.id, 1{sizes} FROM {unit[r]} u ORDER BY u.id",
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        }

        foreach (var t in unit.Values)
            await Exec(c, $"DROP TABLE {t}", cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Draws round(rows × fraction) root rows. <see cref="RootDraw.Simple"/>: the rows with the smallest seeded hash
    /// (simple random sampling without replacement). <see cref="RootDraw.SystematicBySize"/>: a systematic sample with a
    /// random start over the rows sorted by unit size (ties in seeded-hash order), i.e. implicit stratification by size;
    /// every row keeps the inclusion probability n / N.
    /// </summary>
    internal static List<long> Draw(IReadOnlyList<(long Id, long Size)> units, string table, SampleOptions options, long seed)
    {
        var take = DrawSize(units.Count, options);
        var stream = StableHash.Derive(seed, "fk-sample", table);
        if (options.RootDraw == RootDraw.Simple || take == 0)
            return units.Select(u => u.Id).OrderBy(id => StableHash.At(stream, id)).ThenBy(id => id).Take(take).Order().ToList();
        var sorted = units.OrderBy(u => u.Size).ThenBy(u => StableHash.At(stream, u.Id)).ThenBy(u => u.Id).Select(u => u.Id).ToList();
        var step = (double)sorted.Count / take;
        var start = StableHash.Uniform(stream, -1) * step;
        var chosen = new List<long>(take);
        for (var j = 0; j < take; j++)
            chosen.Add(sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(start + (j * step)))]);
        return chosen.Order().ToList();
    }

    private static int DrawSize(int rows, SampleOptions options) => (int)Math.Round(rows * options.Fraction, MidpointRounding.AwayFromZero);

    private static async Task InsertIdsAsync(SqliteConnection c, string keepTable, List<long> ids, CancellationToken cancellationToken)
    {
        var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeTransaction = tx.ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition($"INSERT INTO {keepTable} (id) VALUES (@id)", ids.Select(id => new { id }), tx,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What one realisation of the design needs.</summary>
    private sealed record Design(
        IReadOnlyList<TableProfile> Schema,
        Dictionary<string, TableProfile> Tables,
        HashSet<string> Lookups,
        Dictionary<string, string> Follows,
        Dictionary<string, string> Keep,
        Dictionary<string, string> Drawn,
        Dictionary<string, List<(long Id, long Size)>> Units,
        SampleOptions Options);

    private static string On(ForeignKeyProfile fk) =>
        string.Join(" AND ", fk.Columns.Select((col, i) => $"c.{Q(col)} = p.{Q(fk.ReferencedColumns[i])}"));

    private static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Task<int> Exec(SqliteConnection c, string sql, CancellationToken cancellationToken) =>
        c.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
}
