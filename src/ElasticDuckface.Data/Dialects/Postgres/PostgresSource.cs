using System.Data;
using System.Text.RegularExpressions;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Npgsql;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// A PostgreSQL schema opened read-only inside one snapshot transaction
/// (<c>BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY</c>): every query sees one point in time and the server rejects
/// any write. Only the URL's schema (<c>public</c> by default) is read; it is also the session's <c>search_path</c>.
/// </summary>
/// <remarks>
/// Read from <c>pg_catalog</c>: columns with their <c>format_type</c> (a domain as its base type), nullability and
/// defaults, identity and serial columns as auto-increment, the primary key, unique constraints and unique indexes,
/// plain indexes (partial and expression indexes are left out: a profile holds column lists only), foreign keys within
/// the schema with their actions, and enum labels in their order. Check constraints and generated-column expressions
/// are not read.
/// </remarks>
internal sealed partial class PostgresSource : SourceDatabase
{
    private PostgresSource(DatabaseLocation location, NpgsqlConnection connection)
        : base(location, connection)
    {
    }

    private string SchemaName => Location.Schema ?? "public";

    public override string Quote(string identifier) => PostgresNames.Quote(identifier);

    public override string CharLength(string expression) => $"char_length({expression})";

    public override string SelectValue(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return PostgresTypes.SelectValue(column, Quote(column.Name));
    }

    public static async Task<SourceDatabase> OpenAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = await PostgresEngine.OpenAsync(location, null, cancellationToken).ConfigureAwait(false);
        var source = new PostgresSource(location, connection);
        try
        {
            // types created since the pool first connected (enums, domains) must be known to read their values
            await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
            // Npgsql sends BEGIN ISOLATION LEVEL REPEATABLE READ with the first command; READ ONLY must precede any query.
            source.Transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: source.Transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var schemaExists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM pg_namespace WHERE nspname = @schema", new { schema = source.SchemaName }, source.Transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (schemaExists == 0)
            {
                throw new DatabaseOperationException(
                    $"Schema '{source.SchemaName}' does not exist in {location.Display}. "
                    + "Check ?schema= in the URL (public when left out).");
            }
        }
        catch (PostgresException ex)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseOperationException(
                $"Cannot start a read-only snapshot transaction on {location.Display}: {PostgresErrors.OneLine(ex.MessageText)}", ex);
        }
        catch (DatabaseOperationException)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return source;
    }

    public override async Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        var tableNames = await SchemaQueryAsync<string>(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """, cancellationToken).ConfigureAwait(false);

        var columnRows = await SchemaQueryAsync<(string Table, string Name, string Type, bool Nullable, string? Default, string Identity,
            string Generated, string TypeKind, long TypeOid)>(
            """
            SELECT c.relname, a.attname,
                   CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) ELSE format_type(a.atttypid, a.atttypmod) END,
                   NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, t.typtype::text,
                   CAST(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS bigint)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, cancellationToken).ConfigureAwait(false);

        var enumRows = await SchemaQueryAsync<(long TypeOid, string Label)>(
            "SELECT CAST(enumtypid AS bigint), enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder",
            cancellationToken).ConfigureAwait(false);

        var indexRows = await SchemaQueryAsync<(string Table, string Index, bool Unique, bool Primary, long Position, string? Column)>(
            """
            SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, k.pos, a.attname
            FROM pg_index ix
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = @schema AND ix.indpred IS NULL AND k.pos <= ix.indnkeyatts
            """, cancellationToken).ConfigureAwait(false);

        // Only foreign keys within this schema: a profile describes one schema and cannot name another one's tables.
        var fkRows = await SchemaQueryAsync<(string Table, string Constraint, string Column, string RefTable,
            string RefColumn, long Position,
            string OnDelete, string OnUpdate)>(
            """
            SELECT cl.relname, co.conname, a.attname, rcl.relname, ra.attname, k.pos, co.confdeltype::text, co.confupdtype::text
            FROM pg_constraint co
            JOIN pg_class cl ON cl.oid = co.conrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            JOIN pg_class rcl ON rcl.oid = co.confrelid
            CROSS JOIN LATERAL unnest(co.conkey, co.confkey) WITH ORDINALITY AS k(col, rcol, pos)
            JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.col
            JOIN pg_attribute ra ON ra.attrelid = co.confrelid AND ra.attnum = k.rcol
            WHERE co.contype = 'f' AND n.nspname = @schema AND rcl.relnamespace = n.oid
            """, cancellationToken).ConfigureAwait(false);

        var labels = enumRows.ToLookup(r => r.TypeOid, r => r.Label);
        var columnsByTable = columnRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var indexesByTable = indexRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var fksByTable = fkRows.ToLookup(r => r.Table, StringComparer.Ordinal);

        var result = new List<TableProfile>(tableNames.Count);
        foreach (var table in tableNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var columns = columnsByTable[table].Select(r => ToColumn(r.Name, r.Type, r.Nullable, r.Default, r.Identity, r.Generated,
                r.TypeKind == "e" ? [.. labels[r.TypeOid]] : null)).ToList();

            var (primaryKey, uniqueKeys, indexes) = CatalogRows.Keys(indexesByTable[table].Select(r =>
                (r.Index, r.Primary, r.Unique, r.Position, r.Column, (long?)null)));

            var foreignKeys = CatalogRows.ForeignKeys(
                fksByTable[table].Select(r => (r.Constraint, r.Column, r.RefTable, r.RefColumn, r.Position, (string?)r.OnDelete,
                    (string?)r.OnUpdate)),
                r => Rule(r!));

            result.Add(new TableProfile
            {
                Name = table,
                Columns = columns,
                PrimaryKey = primaryKey,
                UniqueKeys = SchemaOrder.Keys(uniqueKeys),
                Indexes = SchemaOrder.Indexes(indexes),
                ForeignKeys = SchemaOrder.ForeignKeys(foreignKeys),
            });
        }

        return result;
    }

    private static ColumnProfile ToColumn(string name, string declared, bool nullable, string? rawDefault,
        string identity, string generated,
        IReadOnlyList<string>? enumLabels)
    {
        var t = SqlType.Parse(declared);
        var serial = rawDefault is not null && rawDefault.StartsWith("nextval(", StringComparison.OrdinalIgnoreCase);
        var autoIncrement = identity is "a" or "d" || (serial && t.Category == ColumnCategory.Integer);
        return new ColumnProfile
        {
            Name = name,
            SqlType = declared,
            // an array is measured and generated as a JSON array of its elements (array_to_json), so its elements keep
            // their values and other engines get JSON; PostgreSQL writes it back as an array (PostgresValues)
            Category = enumLabels is not null ? ColumnCategory.Enum : PostgresTypes.IsArray(declared) ? ColumnCategory.Json : t.Category,
            Length = t.Length,
            Precision = t.Precision,
            Scale = t.Scale,
            Unsigned = false,
            Nullable = nullable,
            // a sequence or a generation expression names objects of the source; neither is a value default
            Default = autoIncrement || generated.Length > 0 ? null : NormalizeDefault(rawDefault),
            AutoIncrement = autoIncrement,
            EnumValues = enumLabels ?? t.EnumValues,
            // attgenerated: 's' stored, 'v' virtual (PostgreSQL 18); the expression is pg_attrdef's
            Generated = generated is "s" or "v" && rawDefault is { Length: > 0 } expression
                ? new GeneratedColumn(expression, generated == "s")
                : null,
        };
    }

    /// <summary>
    /// A default as SQL text the other dialects can read: <c>'abc'::character varying</c> → <c>'abc'</c>,
    /// <c>42</c> and expressions such as <c>now()</c> as written; null when there is none.
    /// </summary>
    internal static string? NormalizeDefault(string? raw)
    {
        if (raw is null)
            return null;
        var literal = CastLiteral().Match(raw);
        return literal.Success ? literal.Groups["value"].Value : raw;
    }

    /// <summary>A referential action as information_schema spells it.</summary>
    private static string? Rule(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => null,
    };

    private async Task<List<T>> SchemaQueryAsync<T>(string sql, CancellationToken cancellationToken)
    {
        try
        {
            return [.. await Connection.QueryAsync<T>(new CommandDefinition(sql, new { schema = SchemaName }, Transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false)];
        }
        catch (PostgresException ex)
        {
            throw new DatabaseOperationException(
                $"Cannot read the schema of {Location.Display}: {PostgresErrors.OneLine(ex.MessageText)} "
                + "Check that the user may read pg_catalog.", ex);
        }
    }

    [GeneratedRegex(@"^\(?(?<value>'(?:[^']|'')*'|-?[0-9]+(\.[0-9]+)?)\)?::[a-z ]+(\([0-9, ]+\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CastLiteral();
}
