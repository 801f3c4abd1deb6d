using System.Globalization;
using System.Text;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// Renders a profile's tables as MySQL/MariaDB DDL text: backtick-quoted identifiers, InnoDB, utf8mb4, keys inline and
/// foreign keys as separate <c>ALTER TABLE</c> statements (so cycles load). Also the MySQL string literal escaping the
/// SQL script writer uses for values.
/// </summary>
/// <remarks>
/// Column defaults are not written: generated rows give every column a value, and a default's text differs between MySQL
/// and MariaDB (quoted or not), so copying it could break the script.
/// </remarks>
internal static class MySqlScriptDdl
{
    // utf8mb4 VARCHAR beyond this many characters cannot fit MySQL's 65,535-byte row limit
    private const long MaxVarcharLength = 16_383;

    /// <summary>A backtick-quoted identifier (inner backticks doubled).</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>
    /// A single-quoted MySQL string literal with backslash escapes as mysqldump writes them: NUL, LF, CR, backslash,
    /// quote and Ctrl-Z. Needs a session without NO_BACKSLASH_ESCAPES.
    /// </summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\0': sb.Append("\\0"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\u001a': sb.Append("\\Z"); break;
                default: sb.Append(ch); break;
            }
        }

        return sb.Append('\'').ToString();
    }

    /// <summary>The CREATE TABLE statement of one table (ending with a semicolon).</summary>
    /// <param name="table">The table.</param>
    /// <param name="sourceDialect">The profile's dialect: declared types are kept when it is <c>mysql</c>.</param>
    public static string CreateTable(TableProfile table, string? sourceDialect)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keyed = KeyedColumns(table);
        var pk = table.PrimaryKey?.Columns ?? [];
        var lines = new List<string>();
        foreach (var column in table.Columns)
        {
            var line = new StringBuilder("  ").Append(Quote(column.Name)).Append(' ').Append(ColumnType(column, sourceDialect, keyed.Contains(column.Name)));
            if (!column.Nullable)
                line.Append(" NOT NULL");
            // MySQL allows AUTO_INCREMENT only on an indexed column: keep it on the first primary key column
            if (column.AutoIncrement && column.Category == ColumnCategory.Integer && pk.Count > 0 && string.Equals(pk[0], column.Name, StringComparison.Ordinal))
                line.Append(" AUTO_INCREMENT");
            lines.Add(line.ToString());
        }

        if (pk.Count > 0)
            lines.Add("  PRIMARY KEY (" + Columns(pk) + ")");
        foreach (var key in table.UniqueKeys)
        {
            if (key.Columns.Count > 0 && !key.Columns.SequenceEqual(pk, StringComparer.Ordinal))
                lines.Add("  UNIQUE KEY " + Quote(key.Name) + " (" + Columns(key.Columns) + ")");
        }

        foreach (var index in table.Indexes)
        {
            if (index.Columns.Count > 0)
                lines.Add((index.Unique ? "  UNIQUE KEY " : "  KEY ") + Quote(index.Name) + " (" + Columns(index.Columns) + ")");
        }

        return "CREATE TABLE " + Quote(table.Name) + " (\n" + string.Join(",\n", lines) + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";
    }

    /// <summary>One <c>ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY</c> statement per foreign key of the table.</summary>
    public static IReadOnlyList<string> AddForeignKeys(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = new List<string>();
        foreach (var fk in table.ForeignKeys)
        {
            var sb = new StringBuilder("ALTER TABLE ").Append(Quote(table.Name))
                .Append(" ADD CONSTRAINT ").Append(Quote(fk.Name))
                .Append(" FOREIGN KEY (").Append(Columns(fk.Columns)).Append(") REFERENCES ").Append(Quote(fk.ReferencedTable))
                .Append(" (").Append(Columns(fk.ReferencedColumns)).Append(')');
            if (Action(fk.OnDelete) is { } onDelete)
                sb.Append(" ON DELETE ").Append(onDelete);
            if (Action(fk.OnUpdate) is { } onUpdate)
                sb.Append(" ON UPDATE ").Append(onUpdate);
            result.Add(sb.Append(';').ToString());
        }

        return result;
    }

    /// <summary>The MySQL type of a column: the declared one for a MySQL profile, else one mapped from the category.</summary>
    /// <param name="column">The column.</param>
    /// <param name="sourceDialect">The profile's dialect.</param>
    /// <param name="keyed">
    /// Whether the column is in a key, index or foreign key: MySQL cannot index TEXT or BLOB without a prefix length, so
    /// such columns become VARCHAR(n) or VARBINARY(n) instead.
    /// </param>
    public static string ColumnType(ColumnProfile column, string? sourceDialect, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (string.Equals(sourceDialect, "mysql", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(column.SqlType))
            return column.SqlType;
        var unsigned = column.Unsigned ? " unsigned" : "";
        return column.Category switch
        {
            ColumnCategory.Integer => IntegerType(column, sourceDialect) + unsigned,
            ColumnCategory.Boolean => "tinyint(1)",
            ColumnCategory.Decimal => Invariant($"decimal({Math.Clamp(column.Precision ?? 10, 1, 65)},{Math.Clamp(column.Scale ?? 0, 0, 30)})") + unsigned,
            ColumnCategory.Float => "double" + unsigned,
            ColumnCategory.String => column.Length is > MaxVarcharLength && !keyed ? "longtext" : Invariant($"varchar({Math.Min(column.Length ?? 255, MaxVarcharLength)})"),
            ColumnCategory.Text or ColumnCategory.Other => keyed ? Invariant($"varchar({Math.Min(column.Length ?? 255, 255)})") : "longtext",
            ColumnCategory.Binary => keyed ? Invariant($"varbinary({Math.Min(column.Length ?? 255, 255)})") : "longblob",
            ColumnCategory.Date => "date",
            ColumnCategory.DateTime => "datetime",
            ColumnCategory.Time => "time",
            ColumnCategory.Year => "year",
            ColumnCategory.Enum when column.EnumValues is { Count: > 0 } values => "enum(" + string.Join(",", values.Select(Literal)) + ")",
            ColumnCategory.Set when column.EnumValues is { Count: > 0 } values => "set(" + string.Join(",", values.Select(Literal)) + ")",
            ColumnCategory.Enum or ColumnCategory.Set => "varchar(255)",
            ColumnCategory.Json => "json",
            _ => "longtext",
        };
    }

    private static string IntegerType(ColumnProfile column, string? sourceDialect)
    {
        // Every SQLite integer is 64-bit whatever its declared name (INT, INTEGER, ...), and scaling grows keys: bigint.
        // Other dialects' 32-bit names stay int; the parent and child of a foreign key must agree, which they do when
        // both come from the same declared names.
        if (string.Equals(sourceDialect, "sqlite", StringComparison.OrdinalIgnoreCase))
            return "bigint";
        var baseName = SqlType.Parse(column.SqlType).BaseName;
        return baseName is "int" or "integer" or "int4" ? "int" : "bigint";
    }

    private static HashSet<string> KeyedColumns(TableProfile table)
    {
        var keyed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        keyed.UnionWith(table.PrimaryKey?.Columns ?? []);
        foreach (var key in table.UniqueKeys)
            keyed.UnionWith(key.Columns);
        foreach (var index in table.Indexes)
            keyed.UnionWith(index.Columns);
        foreach (var fk in table.ForeignKeys)
            keyed.UnionWith(fk.Columns);
        return keyed;
    }

    private static string? Action(string? rule)
    {
        var normalized = rule?.Trim().ToUpperInvariant();
        return normalized is "CASCADE" or "SET NULL" or "RESTRICT" ? normalized : null;
    }

    private static string Columns(IEnumerable<string> columns) => string.Join(",", columns.Select(Quote));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
