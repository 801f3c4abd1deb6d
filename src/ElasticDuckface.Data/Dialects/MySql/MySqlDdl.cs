using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Renders MySQL/MariaDB DDL from table profiles: one <c>CREATE TABLE</c> per table (InnoDB, utf8mb4) with its primary key,
/// unique keys and indexes, and foreign keys as separate <c>ALTER TABLE … ADD CONSTRAINT</c> statements, run after every
/// table exists, so cycles and self-references need no ordering.
/// </summary>
/// <remarks>
/// Tables use <c>utf8mb4_bin</c>: generated values are unique byte-wise, and a case-insensitive collation could make two
/// of them ("Abc", "abc") collide in a unique key. Statements carry no trailing semicolon; each is run on its own.
/// </remarks>
internal static partial class MySqlDdl
{
    /// <summary>The table options every created table gets.</summary>
    public const string TableOptions = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    // Index prefix for TEXT/BLOB key parts, which MySQL cannot index whole: 255 characters stay within InnoDB's 3072-byte key limit in utf8mb4.
    private const int TextKeyPrefix = 255;

    /// <summary>The <c>CREATE TABLE</c> statement of a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="sourceDialect">The profile's source dialect: <c>mysql</c> keeps each column's declared type as-is.</param>
    public static string CreateTable(TableProfile table, string sourceDialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        var fromMySql = string.Equals(sourceDialect, "mysql", StringComparison.OrdinalIgnoreCase);
        var lines = new List<string>();
        foreach (var column in table.Columns)
            lines.Add("  " + ColumnDefinition(column, fromMySql));
        if (table.PrimaryKey is { } pk)
            lines.Add("  PRIMARY KEY " + KeyParts(table, pk.Columns, fromMySql));
        foreach (var key in table.UniqueKeys)
            lines.Add($"  UNIQUE KEY {MySqlNames.Quote(key.Name)} {KeyParts(table, key.Columns, fromMySql)}");
        foreach (var index in table.Indexes)
            lines.Add($"  {(index.Unique ? "UNIQUE KEY" : "KEY")} {MySqlNames.Quote(index.Name)} {KeyParts(table, index.Columns, fromMySql)}");

        var sql = new StringBuilder();
        sql.Append("CREATE TABLE ").Append(MySqlNames.Quote(table.Name)).Append(" (\n");
        sql.AppendJoin(",\n", lines);
        sql.Append("\n) ").Append(TableOptions);
        return sql.ToString();
    }

    /// <summary>The <c>ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY</c> statements of a table, in profile order.</summary>
    public static IReadOnlyList<string> AddForeignKeys(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.ForeignKeys.Select(fk =>
        {
            var sql = new StringBuilder();
            sql.Append("ALTER TABLE ").Append(MySqlNames.Quote(table.Name))
                .Append(" ADD CONSTRAINT ").Append(MySqlNames.Quote(fk.Name))
                .Append(" FOREIGN KEY ").Append(ColumnList(fk.Columns))
                .Append(" REFERENCES ").Append(MySqlNames.Quote(fk.ReferencedTable)).Append(' ').Append(ColumnList(fk.ReferencedColumns));
            if (Rule(fk.OnDelete) is { } onDelete)
                sql.Append(" ON DELETE ").Append(onDelete);
            if (Rule(fk.OnUpdate) is { } onUpdate)
                sql.Append(" ON UPDATE ").Append(onUpdate);
            return sql.ToString();
        }).ToList();
    }

    /// <summary>The MySQL type of a column: its declared type when it came from MySQL, else mapped from its category.</summary>
    public static string ColumnType(ColumnProfile column, bool fromMySql)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (fromMySql)
            return column.SqlType;
        var baseName = SqlType.Parse(column.SqlType).BaseName;
        var unsigned = column.Unsigned ? " unsigned" : "";
        return column.Category switch
        {
            ColumnCategory.Integer => baseName switch
            {
                "tinyint" or "smallint" or "mediumint" or "int" or "bigint" => baseName,
                // SQLite's INTEGER is 64-bit
                _ => "bigint",
            } + unsigned,
            ColumnCategory.Decimal => DecimalType(column.Precision, column.Scale) + unsigned,
            ColumnCategory.Float => baseName == "float" ? "float" : "double",
            ColumnCategory.Boolean => "tinyint(1)",
            ColumnCategory.String => column.Length switch
            {
                null => "varchar(255)",
                <= 255 when baseName is "char" or "nchar" or "character" or "national char" => Invariant($"char({column.Length})"),
                // utf8mb4 VARCHAR holds at most 16383 characters
                <= 16_383 => Invariant($"varchar({column.Length})"),
                _ => TextType(column.Length),
            },
            ColumnCategory.Text => TextType(column.Length),
            ColumnCategory.Binary => column.Length switch
            {
                { } n when baseName == "binary" && n <= 255 => Invariant($"binary({n})"),
                { } n when baseName == "varbinary" && n <= 65_535 => Invariant($"varbinary({n})"),
                _ => "longblob",
            },
            ColumnCategory.Date => "date",
            ColumnCategory.DateTime => "datetime",
            ColumnCategory.Time => "time",
            ColumnCategory.Year => "year",
            ColumnCategory.Json => "json",
            ColumnCategory.Enum => "enum(" + string.Join(",", (column.EnumValues ?? []).Select(Literal)) + ")",
            ColumnCategory.Set => "set(" + string.Join(",", (column.EnumValues ?? []).Select(Literal)) + ")",
            _ => "longtext",
        };
    }

    private static string ColumnDefinition(ColumnProfile column, bool fromMySql)
    {
        var sql = new StringBuilder();
        sql.Append(MySqlNames.Quote(column.Name)).Append(' ').Append(ColumnType(column, fromMySql));
        sql.Append(column.Nullable ? " NULL" : " NOT NULL");
        if (Default(column, fromMySql) is { } value)
            sql.Append(" DEFAULT ").Append(value);
        if (column.AutoIncrement && column.Category == ColumnCategory.Integer)
            sql.Append(" AUTO_INCREMENT");
        return sql.ToString();
    }

    /// <summary>
    /// The default clause value, or null. A MySQL source's default is MariaDB-style SQL text and kept; another dialect's is kept
    /// only when it is a plain number, a quoted string or CURRENT_TIMESTAMP, since its expressions mean nothing to MySQL.
    /// TEXT, BLOB and JSON columns get no default (MySQL before 8.0.13 rejects one).
    /// </summary>
    private static string? Default(ColumnProfile column, bool fromMySql)
    {
        if (column.Default is not { Length: > 0 } value || column.AutoIncrement)
            return null;
        if (column.Category is ColumnCategory.Text or ColumnCategory.Binary or ColumnCategory.Json or ColumnCategory.Other)
            return null;
        if (fromMySql)
            return value;
        if (NumberLiteral().IsMatch(value) && column.Category is ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Boolean)
            return value;
        if (StringLiteral().IsMatch(value) && column.Category is not (ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Boolean))
            return value.Replace("\\", "\\\\", StringComparison.Ordinal);
        if (column.Category == ColumnCategory.DateTime && value.Trim('(', ')').Equals("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase))
            return "CURRENT_TIMESTAMP";
        return null;
    }

    private static string KeyParts(TableProfile table, IReadOnlyList<string> columns, bool fromMySql) =>
        "(" + string.Join(", ", columns.Select(name =>
        {
            var column = table.FindColumn(name);
            var needsPrefix = column is not null && ColumnType(column, fromMySql) is var type
                && (type.EndsWith("text", StringComparison.OrdinalIgnoreCase) || type.EndsWith("blob", StringComparison.OrdinalIgnoreCase));
            return needsPrefix ? Invariant($"{MySqlNames.Quote(name)}({TextKeyPrefix})") : MySqlNames.Quote(name);
        })) + ")";

    private static string ColumnList(IEnumerable<string> columns) => "(" + string.Join(", ", columns.Select(MySqlNames.Quote)) + ")";

    /// <summary>decimal(P,S) within MySQL's limits: P at most 65, S at most 30 and at most P.</summary>
    private static string DecimalType(int? precision, int? scale)
    {
        var p = Math.Clamp(precision ?? 10, 1, 65);
        var s = Math.Clamp(scale ?? 0, 0, Math.Min(30, p));
        return Invariant($"decimal({p},{s})");
    }

    private static string TextType(long? length) => length switch
    {
        null or <= 65_535 => "text",
        <= 16_777_215 => "mediumtext",
        _ => "longtext",
    };

    /// <summary>A referential action InnoDB accepts, or null to leave the server default (InnoDB rejects SET DEFAULT).</summary>
    private static string? Rule(string? rule)
    {
        var normal = rule?.Trim().ToUpperInvariant();
        return normal is "CASCADE" or "SET NULL" or "RESTRICT" or "NO ACTION" ? normal : null;
    }

    private static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^'([^']|'')*'$", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();
}
