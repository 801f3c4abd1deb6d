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
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw MySqlErrors.ForOpen(location, ex);
        }

        var source = new MySqlSource(location, connection);
        try
        {
            // Snapshot → "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY".
            source.Transaction = await connection.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseOperationException(
                $"Cannot start a read-only snapshot transaction on {location.Display}: {MySqlErrors.OneLine(ex.Message)} duckface needs MySQL 5.6.5+ or MariaDB 10.0+.", ex);
        }

        return source;
    }

    public override async Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        var tableNames = (await SchemaQueryAsync<string>(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
            cancellationToken).ConfigureAwait(false)).ToList();

        var columnRows = await SchemaQueryAsync<(string Table, string Name, string Type, string Nullable, string? Default, string? Extra, long? CharLength, long? Precision, long? Scale)>(
            """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
                   CAST(CHARACTER_MAXIMUM_LENGTH AS SIGNED), CAST(NUMERIC_PRECISION AS SIGNED), CAST(NUMERIC_SCALE AS SIGNED)
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE()
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """, cancellationToken).ConfigureAwait(false);

        var indexRows = await SchemaQueryAsync<(string Table, string Index, long NonUnique, long Seq, string? Column)>(
            """
            SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE AS SIGNED), CAST(SEQ_IN_INDEX AS SIGNED), COLUMN_NAME
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE()
            """, cancellationToken).ConfigureAwait(false);

        // Only foreign keys within this database: a profile describes one database and cannot name another one's tables.
        var fkRows = await SchemaQueryAsync<(string Table, string Constraint, string Column, string RefTable, string RefColumn, long Position, string? OnDelete, string? OnUpdate)>(
            """
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                   CAST(k.ORDINAL_POSITION AS SIGNED), r.DELETE_RULE, r.UPDATE_RULE
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.REFERENTIAL_CONSTRAINTS r
              ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA AND k.REFERENCED_TABLE_NAME IS NOT NULL
            """, cancellationToken).ConfigureAwait(false);

        var columnsByTable = columnRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var indexesByTable = indexRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var fksByTable = fkRows.ToLookup(r => r.Table, StringComparer.Ordinal);
        var mariaDb = IsMariaDb;

        var result = new List<TableProfile>(tableNames.Count);
        foreach (var table in tableNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var columns = columnsByTable[table].Select(r => ToColumn(r.Name, r.Type, r.Nullable, r.Default, r.Extra, r.CharLength, r.Precision, r.Scale, mariaDb)).ToList();

            // MySQL names its primary key index PRIMARY; a MySQL 8 functional index part has no column
            var (primaryKey, uniqueKeys, indexes) = CatalogRows.Keys(indexesByTable[table].Select(r =>
                (r.Index, string.Equals(r.Index, "PRIMARY", StringComparison.Ordinal), r.NonUnique == 0, r.Seq, r.Column)));

            var foreignKeys = CatalogRows.ForeignKeys(
                fksByTable[table].Select(r => (r.Constraint, r.Column, r.RefTable, r.RefColumn, r.Position, (string?)r.OnDelete, (string?)r.OnUpdate)));

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

    private static ColumnProfile ToColumn(
        string name, string columnType, string isNullable, string? rawDefault, string? extra, long? charLength, long? precision, long? scale, bool mariaDb)
    {
        var t = SqlType.Parse(columnType);
        var length = t.Category is ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Binary ? charLength ?? t.Length : t.Length;
        var isDecimal = t.Category == ColumnCategory.Decimal;
        return new ColumnProfile
        {
            Name = name,
            SqlType = columnType,
            Category = t.Category,
            Length = length,
            Precision = isDecimal ? (int?)precision ?? t.Precision : t.Precision,
            Scale = isDecimal ? (int?)scale ?? t.Scale : t.Scale,
            Unsigned = t.Unsigned,
            Nullable = string.Equals(isNullable, "YES", StringComparison.OrdinalIgnoreCase),
            Default = NormalizeDefault(rawDefault, extra, t.Category, mariaDb),
            AutoIncrement = extra is not null && extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase),
            EnumValues = t.EnumValues,
        };
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
        if (category is ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Boolean or ColumnCategory.Year)
            return raw;
        return "'" + raw.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private async Task<List<T>> SchemaQueryAsync<T>(string sql, CancellationToken cancellationToken)
    {
        try
        {
            return (await Connection.QueryAsync<T>(new CommandDefinition(sql, transaction: Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        }
        catch (MySqlException ex)
        {
            throw new DatabaseOperationException($"Cannot read the schema of {Location.Display}: {MySqlErrors.OneLine(ex.Message)} Check that the user may read INFORMATION_SCHEMA.", ex);
        }
    }
}
