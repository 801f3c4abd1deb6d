using System.Data;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// A MySQL/MariaDB database opened read-only inside a consistent-snapshot transaction
/// (<c>START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY</c>): every query sees one point in time and no write is possible.
/// </summary>
internal sealed class MySqlSource : SourceDatabase
{
    private MySqlSource(DatabaseLocation location, MySqlConnection connection)
        : base(location, connection)
    {
    }

    public override string Quote(string identifier) => MySqlNames.Quote(identifier);

    public override string CharLength(string expression) => $"CHAR_LENGTH({expression})";

    /// <summary>Whether the server is MariaDB (it reports column defaults differently from MySQL 8).</summary>
    private bool IsMariaDb => ((MySqlConnection)Connection).ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    public static async Task<SourceDatabase> OpenAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = new MySqlConnection(location.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MySqlErrors.IsOpenFailure(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw MySqlErrors.ForOpen(location, ex);
        }

        var source = new MySqlSource(location, connection);
        try
        {
            // Snapshot → "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY".
            source.Transaction = await connection.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseOperationException(
                $"Cannot start a read-only snapshot transaction on {location.Display}: {MySqlErrors.OneLine(ex.Message)} "
                + "duckface needs MySQL 5.6.5+ or MariaDB 10.0+.", ex);
        }

        return source;
    }

    public override async Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        var tableRows = await SchemaQueryAsync<TableRow>(
            """
            SELECT t.TABLE_NAME AS Name, t.ENGINE AS Engine, t.TABLE_COLLATION AS Collation, a.CHARACTER_SET_NAME AS CharacterSet
            FROM information_schema.TABLES t
            LEFT JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY a ON a.COLLATION_NAME = t.TABLE_COLLATION
            WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
            """, cancellationToken).ConfigureAwait(false);

        var columnRows = await SchemaQueryAsync<ColumnRow>(
            """
            SELECT TABLE_NAME AS TableName, COLUMN_NAME AS Name, COLUMN_TYPE AS Type, IS_NULLABLE AS Nullable,
                   COLUMN_DEFAULT AS `Default`, EXTRA AS Extra, CAST(CHARACTER_MAXIMUM_LENGTH AS SIGNED) AS CharLength,
                   CAST(NUMERIC_PRECISION AS SIGNED) AS `Precision`, CAST(NUMERIC_SCALE AS SIGNED) AS Scale,
                   CHARACTER_SET_NAME AS CharacterSet, COLLATION_NAME AS Collation, GENERATION_EXPRESSION AS Expression
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE()
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """, cancellationToken).ConfigureAwait(false);

        var indexRows = await SchemaQueryAsync<(string Table, string Index, long NonUnique, long Seq, string? Column, long? Prefix,
            string? Type)>(
            """
            SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE AS SIGNED), CAST(SEQ_IN_INDEX AS SIGNED), COLUMN_NAME,
                   CAST(SUB_PART AS SIGNED), INDEX_TYPE
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE()
            """, cancellationToken).ConfigureAwait(false);

        // Only foreign keys within this database: a profile describes one database and cannot name another one's tables.
        var fkRows = await SchemaQueryAsync<(string Table, string Constraint, string Column, string RefTable, string RefColumn,
            long Position, string? OnDelete, string? OnUpdate)>(
            """
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                   CAST(k.ORDINAL_POSITION AS SIGNED), r.DELETE_RULE, r.UPDATE_RULE
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.REFERENTIAL_CONSTRAINTS r
              ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA AND k.REFERENCED_TABLE_NAME IS NOT NULL
            """, cancellationToken).ConfigureAwait(false);

        var columnsByTable = columnRows.ToLookup(r => r.TableName, StringComparer.Ordinal);
        var indexesByTable = indexRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var fksByTable = fkRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var mariaDb = IsMariaDb;
        if (mariaDb)
            await MarkJsonColumnsAsync(columnRows, cancellationToken).ConfigureAwait(false);

        var result = new List<TableProfile>(tableRows.Count);
        foreach (var table in tableRows.DistinctBy(t => t.Name, StringComparer.Ordinal).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var columns = columnsByTable[table.Name].Select(r => ToColumn(r, table.Collation, mariaDb)).ToList();

            // MySQL names its primary key index PRIMARY; a MySQL 8 functional index part has no column
            var (primaryKey, uniqueKeys, indexes) = CatalogRows.Keys(indexesByTable[table.Name].Select(r =>
                (r.Index, string.Equals(r.Index, "PRIMARY", StringComparison.Ordinal), r.NonUnique == 0, r.Seq, r.Column, r.Prefix)));

            var fulltext = indexesByTable[table.Name]
                .Where(r => string.Equals(r.Type, "FULLTEXT", StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Index)
                .ToHashSet(StringComparer.Ordinal);
            var foreignKeys = CatalogRows.ForeignKeys(fksByTable[table.Name].Select(r =>
                (r.Constraint, r.Column, r.RefTable, r.RefColumn, r.Position, (string?)r.OnDelete, (string?)r.OnUpdate)));

            result.Add(new TableProfile
            {
                Name = table.Name,
                Engine = table.Engine,
                CharacterSet = table.CharacterSet,
                Collation = table.Collation,
                Columns = columns,
                PrimaryKey = primaryKey,
                UniqueKeys = SchemaOrder.Keys(uniqueKeys),
                Indexes = SchemaOrder.Indexes(indexes.Select(i => fulltext.Contains(i.Name) ? i with { Kind = IndexKinds.Fulltext } : i)),
                ForeignKeys = SchemaOrder.ForeignKeys(foreignKeys),
            });
        }

        return result;
    }

    /// <summary>
    /// MariaDB stores JSON as LONGTEXT with a <c>json_valid(`col`)</c> CHECK: such a column is profiled as <c>json</c>,
    /// so its values are generated as JSON and the target gets the same check (issue 12).
    /// </summary>
    private async Task MarkJsonColumnsAsync(List<ColumnRow> columnRows, CancellationToken cancellationToken)
    {
        var checks = await SchemaQueryAsync<(string Table, string Clause)>(
            "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
            cancellationToken).ConfigureAwait(false);
        var json = checks.Select(c => (c.Table, c.Clause.Replace(" ", "", StringComparison.Ordinal))).ToHashSet();
        foreach (var row in columnRows)
        {
            var clause = "json_valid(`" + row.Name.Replace("`", "``", StringComparison.Ordinal) + "`)";
            if (row.Type.Equals("longtext", StringComparison.OrdinalIgnoreCase) && json.Contains((row.TableName, clause)))
                row.Type = "json";
        }
    }

    private static ColumnProfile ToColumn(ColumnRow row, string? tableCollation, bool mariaDb)
    {
        var t = SqlType.Parse(row.Type);
        var length = t.Category is ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Binary
            ? row.CharLength ?? t.Length
            : t.Length;
        var isDecimal = t.Category == ColumnCategory.Decimal;
        var extra = row.Extra ?? "";
        // "VIRTUAL GENERATED" / "STORED GENERATED" in EXTRA on MySQL 5.7+ and MariaDB 10.2+
        var generated = extra.Contains(" GENERATED", StringComparison.OrdinalIgnoreCase) && row.Expression is { Length: > 0 } expression
            ? new GeneratedColumn(expression, extra.Contains("STORED", StringComparison.OrdinalIgnoreCase))
            : null;
        // a column that follows its table's collation keeps none of its own: the profile then reads as the DDL was written
        // (MariaDB's JSON alias takes no character set: its utf8mb4_bin is implied)
        var ownCollation = row.Collation is { } c && !string.Equals(c, tableCollation, StringComparison.Ordinal)
            && t.Category != ColumnCategory.Json;
        return new ColumnProfile
        {
            Name = row.Name,
            SqlType = row.Type,
            Category = t.Category,
            Length = length,
            Precision = isDecimal ? (int?)row.Precision ?? t.Precision : t.Precision,
            Scale = isDecimal ? (int?)row.Scale ?? t.Scale : t.Scale,
            Unsigned = t.Unsigned,
            Nullable = string.Equals(row.Nullable, "YES", StringComparison.OrdinalIgnoreCase),
            Default = generated is null ? NormalizeDefault(row.Default, extra, t.Category, mariaDb) : null,
            AutoIncrement = extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase),
            EnumValues = t.EnumValues,
            CharacterSet = ownCollation ? row.CharacterSet : null,
            Collation = ownCollation ? row.Collation : null,
            OnUpdate = OnUpdate(extra),
            Generated = generated,
        };
    }

    /// <summary>The expression after <c>on update</c> in EXTRA (<c>on update current_timestamp()</c>), or null.</summary>
    internal static string? OnUpdate(string extra)
    {
        const string Marker = "on update ";
        var i = extra.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        return i < 0 ? null : extra[(i + Marker.Length)..].Trim();
    }

    /// <summary>
    /// Turns INFORMATION_SCHEMA.COLUMNS.COLUMN_DEFAULT into SQL text as SQLite reports it: null when there is no default,
    /// string literals quoted, numbers and expressions as written.
    /// </summary>
    /// <remarks>
    /// MariaDB 10.2.7+ already returns SQL text, with the literal text <c>NULL</c> for "no default"
    /// (https://mariadb.com/kb/en/information-schema-columns-table/). MySQL 8 returns string defaults unquoted and marks
    /// expressions with <c>DEFAULT_GENERATED</c> in EXTRA.
    /// </remarks>
    internal static string? NormalizeDefault(string? raw, string? extra, ColumnCategory category, bool mariaDb)
    {
        if (raw is null)
            return null;
        if (mariaDb)
            return string.Equals(raw, "NULL", StringComparison.OrdinalIgnoreCase) ? null : raw;
        if (extra is not null && extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase))
            return raw;
        if (category is ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Boolean
            or ColumnCategory.Year)
            return raw;
        return "'" + raw.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    // rows as Dapper maps them, by column alias
    private sealed class TableRow
    {
        public string Name { get; set; } = "";
        public string? Engine { get; set; }
        public string? Collation { get; set; }
        public string? CharacterSet { get; set; }
    }

    private sealed class ColumnRow
    {
        public string TableName { get; set; } = "";
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public string Nullable { get; set; } = "";
        public string? Default { get; set; }
        public string? Extra { get; set; }
        public long? CharLength { get; set; }
        public long? Precision { get; set; }
        public long? Scale { get; set; }
        public string? CharacterSet { get; set; }
        public string? Collation { get; set; }
        public string? Expression { get; set; }
    }

    private async Task<List<T>> SchemaQueryAsync<T>(string sql, CancellationToken cancellationToken)
    {
        try
        {
            var command = new CommandDefinition(sql, transaction: Transaction, cancellationToken: cancellationToken);
            return (await Connection.QueryAsync<T>(command).ConfigureAwait(false)).ToList();
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"Cannot read the schema of {Location.Display}: {MySqlErrors.OneLine(ex.Message)} "
                + "Check that the user may read INFORMATION_SCHEMA.", ex);
        }
    }
}
