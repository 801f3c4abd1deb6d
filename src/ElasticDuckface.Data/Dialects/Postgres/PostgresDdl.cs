using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// Chooses each column's PostgreSQL type and renders the DDL of <see cref="PostgresWriter"/>: <c>CREATE TYPE … AS ENUM</c>,
/// <c>CREATE TABLE</c> with columns only, and the keys, indexes and foreign keys added after the load.
/// </summary>
/// <remarks>
/// <para>A PostgreSQL profile keeps its declared types. Any other profile is mapped from the canonical
/// <see cref="ColumnType"/>:</para>
/// <list type="table">
/// <listheader><term>category</term><description>PostgreSQL type</description></listheader>
/// <item><term>Integer</term><description><c>smallint</c> (≤16 bits), <c>integer</c> (≤32), else <c>bigint</c>; an unsigned
/// width needs one more bit (MySQL <c>int unsigned</c> → <c>bigint</c>; a <c>bigint unsigned</c> whose profiled values pass
/// 2^63 − 1 → <c>numeric(20)</c>)</description></item>
/// <item><term>Decimal</term><description><c>numeric(p,s)</c></description></item>
/// <item><term>Float</term><description><c>double precision</c> (MySQL <c>float</c> too: generated values are doubles)</description></item>
/// <item><term>Boolean</term><description><c>boolean</c></description></item>
/// <item><term>String</term><description><c>varchar(n)</c>, or <c>text</c> without a length</description></item>
/// <item><term>Text, Set, Other</term><description><c>text</c> (a SET is its comma-separated text)</description></item>
/// <item><term>Binary</term><description><c>bytea</c></description></item>
/// <item><term>Date, DateTime, Time</term><description><c>date</c>, <c>timestamp</c> (<c>timestamptz</c> when the source
/// carried a time zone), <c>time</c></description></item>
/// <item><term>Year</term><description><c>smallint</c></description></item>
/// <item><term>Json</term><description><c>jsonb</c></description></item>
/// <item><term>Enum</term><description>an enum type named <c>table_column</c> with the profile's labels, in order</description></item>
/// </list>
/// <para>A PostgreSQL profile's types are written as declared, or refused before anything is written when duckface cannot
/// generate their values (<see cref="PostgresTypes"/>, <see cref="PostgresColumn.Refusal"/>). Check constraints are not in
/// profiles and not created. Defaults are kept only when they mean the same everywhere: number and string literals,
/// <c>true</c>/<c>false</c>, the current date/time functions and <c>gen_random_uuid()</c>.</para>
/// </remarks>
internal static partial class PostgresDdl
{
    // varchar(n) holds at most 10,485,760 characters
    private const long MaxVarcharLength = 10_485_760;

    /// <summary>The PostgreSQL type and encoding of each column of a table, in column order.</summary>
    public static IReadOnlyList<PostgresColumn> Columns(TableProfile table, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var fromPostgres = options.IsFrom(PostgresEngine.Instance.Name);
        return [.. table.Columns.Select(c => fromPostgres
            ? Declared(table, c) with { KeepsGeneration = c.Generated is not null }
            : Mapped(table, c, options.SourceTypes.Canonical(c)))];
    }

    /// <summary>
    /// Throws for the first table or column name of <paramref name="tables"/> PostgreSQL would cut (over 63 bytes), or the first
    /// column whose declared type duckface cannot generate (issue 12), before anything is created; a column the server
    /// computes (a kept generation expression) needs no values.
    /// </summary>
    /// <exception cref="DuckfaceException">One line: table.column, its type, why and what to do (exit code: invalid input).</exception>
    public static void RefuseUnwritable(IEnumerable<TableProfile> tables, WriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var table in tables)
        {
            // PostgreSQL cuts a longer identifier to 63 bytes without an error: the table or column would be missing by its
            // name (verify), and two names alike in their first 63 bytes would collide halfway through the load
            foreach (var name in table.Columns.Select(c => c.Name).Prepend(table.Name))
            {
                if (Encoding.UTF8.GetByteCount(name) > PostgresNames.MaxLength)
                {
                    var what = name == table.Name ? $"Table name '{name}'" : $"Column name {table.Name}.{name}";
                    throw new DuckfaceException($"{what} is {Encoding.UTF8.GetByteCount(name)} bytes long (UTF-8), and "
                        + $"PostgreSQL keeps at most {PostgresNames.MaxLength}: rename it in the profile (and in the application), "
                        + "or generate into MySQL/MariaDB or SQLite. Nothing was written.");
                }
            }

            foreach (var column in Columns(table, options).Where(c => c.Refusal is not null && !c.KeepsGeneration))
            {
                throw new DuckfaceException($"Column {table.Name}.{column.Column.Name} ({column.Column.SqlType}) cannot be generated: "
                    + $"{column.Refusal}; remove the column from the profile (or change its sqlType to text) and rerun. "
                    + "Nothing was written.");
            }
        }
    }

    /// <summary>The enum types the tables need, by name, with their labels (first declaration wins).</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Labels)> EnumTypes(IEnumerable<PostgresColumn> columns) =>
        [.. columns.Where(c => c.Kind == PostgresValueKind.Enum)
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().EnumLabels))];

    /// <summary><c>CREATE TYPE name AS ENUM (...)</c>; <paramref name="name"/> is already quoted as needed.</summary>
    public static string CreateEnum(string name, IReadOnlyList<string> labels) =>
        $"CREATE TYPE {name} AS ENUM ({string.Join(", ", labels.Select(PostgresNames.Literal))})";

    /// <summary>The <c>CREATE TABLE</c> statement: columns, NOT NULL, defaults and identity; no keys.</summary>
    public static string CreateTable(TableProfile table, IReadOnlyList<PostgresColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var lines = columns.Select(c =>
        {
            var sql = new StringBuilder("  ").Append(PostgresNames.Quote(c.Column.Name)).Append(' ').Append(c.Type);
            if (c.Column.Generated is { } generated)
            {
                // the server computes it (no row carries it); another engine's expression: a plain nullable column
                if (!c.KeepsGeneration)
                    return sql.ToString();
                sql.Append(GeneratedClause.Sql(generated));
                return c.Column.Nullable ? sql.ToString() : sql.Append(" NOT NULL").ToString();
            }

            if (!c.Column.Nullable)
                sql.Append(" NOT NULL");
            if (IsIdentity(c))
                sql.Append(" GENERATED BY DEFAULT AS IDENTITY");
            else if (c.Refusal is null && Default(c) is { } value)
                sql.Append(" DEFAULT ").Append(value);
            return sql.ToString();
        });
        return $"CREATE TABLE {PostgresNames.Quote(table.Name)} (\n{string.Join(",\n", lines)}\n)";
    }

    /// <summary>Whether the column becomes an identity column (an auto-increment integer of the profile).</summary>
    public static bool IsIdentity(PostgresColumn column) =>
        column.Column.AutoIncrement && column.Kind is PostgresValueKind.Int16 or PostgresValueKind.Int32 or PostgresValueKind.Int64;

    /// <summary>
    /// The relation names a schema of <paramref name="tables"/> holds before its keys are added: the tables'. A key or index
    /// name is chosen outside them (issue 12: a 63-byte table's <c>&lt;table&gt;_pkey</c>, cut to 63 bytes, is the table's name).
    /// </summary>
    public static HashSet<string> TakenNames(IEnumerable<TableProfile> tables) => [.. tables.Select(t => t.Name)];

    /// <summary>
    /// The statements that add the primary key, unique keys and indexes of a table, run after its rows are loaded.
    /// <paramref name="names"/> holds the relation names taken so far in the schema (index names are schema-wide in
    /// PostgreSQL, per table in MySQL and SQLite profiles).
    /// </summary>
    public static IReadOnlyList<string> AddKeys(TableProfile table, ISet<string> names)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(names);
        var t = PostgresNames.Quote(table.Name);
        var result = new List<string>();
        var pk = table.PrimaryKey?.Columns ?? [];
        if (pk.Count > 0)
            result.Add($"ALTER TABLE {t} ADD CONSTRAINT {PostgresNames.Quote(Unique(names, table.Name, null))} "
                + $"PRIMARY KEY {ColumnList(pk)}");
        foreach (var key in table.UniqueKeys.Where(k => k.Columns.Count > 0 && !k.Columns.SequenceEqual(pk, StringComparer.Ordinal)))
            result.Add($"ALTER TABLE {t} ADD CONSTRAINT {PostgresNames.Quote(Unique(names, table.Name, key.Name))} "
                + $"UNIQUE {ColumnList(key.Columns)}");
        // a MySQL full-text index has no like here (and a B-tree over long text fails)
        foreach (var index in table.Indexes.Where(i => i.Columns.Count > 0 && !IndexKinds.IsFulltext(i)))
        {
            var unique = index.Unique ? "UNIQUE " : "";
            result.Add($"CREATE {unique}INDEX {PostgresNames.Quote(Unique(names, table.Name, index.Name))} "
                + $"ON {t} {ColumnList(index.Columns)}");
        }

        return result;
    }

    /// <summary>The <c>ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY</c> statements of a table.</summary>
    public static IReadOnlyList<string> AddForeignKeys(TableProfile table, ISet<string> names)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(names);
        return [.. table.ConstraintForeignKeys.Select(fk =>
        {
            var sql = new StringBuilder();
            sql.Append("ALTER TABLE ").Append(PostgresNames.Quote(table.Name))
                .Append(" ADD CONSTRAINT ").Append(PostgresNames.Quote(Unique(names, table.Name, fk.Name)))
                .Append(" FOREIGN KEY ").Append(ColumnList(fk.Columns))
                .Append(" REFERENCES ").Append(PostgresNames.Quote(fk.ReferencedTable))
                .Append(' ').Append(ColumnList(fk.ReferencedColumns));
            if (Rule(fk.OnDelete) is { } onDelete)
                sql.Append(" ON DELETE ").Append(onDelete);
            if (Rule(fk.OnUpdate) is { } onUpdate)
                sql.Append(" ON UPDATE ").Append(onUpdate);
            return sql.ToString();
        })];
    }

    /// <summary>Moves an identity column's sequence past the largest loaded key, so the application can insert.</summary>
    public static string ResetIdentity(string schema, TableProfile table, PostgresColumn column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        var q = PostgresNames.Quote(column.Column.Name);
        var qualified = PostgresNames.Quote(schema) + "." + PostgresNames.Quote(table.Name);
        return $"SELECT setval(pg_get_serial_sequence({PostgresNames.Literal(qualified)}, {PostgresNames.Literal(column.Column.Name)}), "
            + $"GREATEST(COALESCE(MAX({q}), 0), 0) + 1, false) FROM {PostgresNames.Quote(table.Name)}";
    }

    /// <summary>
    /// A declared PostgreSQL type kept as-is (serials as their integer), with its encoding; a type whose values duckface
    /// cannot generate carries its <see cref="PostgresColumn.Refusal"/> (<see cref="PostgresTypes"/>).
    /// </summary>
    private static PostgresColumn Declared(TableProfile table, ColumnProfile column)
    {
        _ = table;
        var declared = column.SqlType.Trim();
        if (column.Category == ColumnCategory.Enum && column.EnumValues is { Count: > 0 })
            return new PostgresColumn(column, declared, PostgresValueKind.Enum);
        var baseName = PostgresTypes.BaseName(declared);
        var array = PostgresTypes.IsArray(declared);
        // an array's elements are scalars of the base type (integer[] holds integers, not the array's Other category)
        var kind = PostgresTypes.Scalar(baseName, array ? SqlType.Parse(baseName).Category : column.Category);
        var type = baseName switch
        {
            "smallserial" or "serial2" => "smallint",
            "serial" or "serial4" => "integer",
            "bigserial" or "serial8" => "bigint",
            _ => declared,
        };
        var bits = kind is PostgresValueKind.BitString or PostgresValueKind.VarBit ? PostgresTypes.FirstArgument(declared) : null;
        return new PostgresColumn(column, type, array ? PostgresValueKind.Array : kind ?? PostgresValueKind.Text,
            PostgresTypes.Reason(declared, baseName, column.Category, kind))
        {
            Element = array && kind is { } element ? element : PostgresValueKind.Text,
            Bits = bits,
        };
    }

    /// <summary>Another engine's column, mapped from its canonical type (see the class remarks).</summary>
    private static PostgresColumn Mapped(TableProfile table, ColumnProfile column, ColumnType type)
    {
        _ = table;
        return column.Category switch
        {
            // a BIGINT UNSIGNED whose values pass 2^63 − 1 (the profile says so) does not fit bigint; keys of a sequence still do
            ColumnCategory.Integer when type is { IntegerBits: >= 64, Unsigned: true } && ProfiledIntegers.BeyondInt64(column)
                => new PostgresColumn(column, "numeric(20)", PostgresValueKind.Numeric),
            ColumnCategory.Integer => Integer(column, type.IntegerBits + (type.Unsigned ? 1 : 0)),
            ColumnCategory.Year => new PostgresColumn(column, "smallint", PostgresValueKind.Int16),
            ColumnCategory.Decimal => new PostgresColumn(column, DecimalType(column.Precision, column.Scale), PostgresValueKind.Numeric),
            ColumnCategory.Float => new PostgresColumn(column, "double precision", PostgresValueKind.Double),
            ColumnCategory.Boolean => new PostgresColumn(column, "boolean", PostgresValueKind.Boolean),
            ColumnCategory.String when column.Length is { } n and > 0 and <= MaxVarcharLength
                => new PostgresColumn(column, Invariant($"varchar({n})"), PostgresValueKind.Text),
            ColumnCategory.Binary => new PostgresColumn(column, "bytea", PostgresValueKind.Bytea),
            ColumnCategory.Date => new PostgresColumn(column, "date", PostgresValueKind.Date),
            ColumnCategory.DateTime when type.WithTimeZone => new PostgresColumn(column, "timestamptz", PostgresValueKind.TimestampTz),
            ColumnCategory.DateTime => new PostgresColumn(column, "timestamp", PostgresValueKind.Timestamp),
            ColumnCategory.Time => new PostgresColumn(column, "time", PostgresValueKind.Time),
            ColumnCategory.Json => new PostgresColumn(column, "jsonb", PostgresValueKind.Jsonb),
            ColumnCategory.Enum when column.EnumValues is { Count: > 0 }
                => new PostgresColumn(column, PostgresNames.Quote(Cut($"{table.Name}_{column.Name}")), PostgresValueKind.Enum),
            _ => new PostgresColumn(column, "text", PostgresValueKind.Text),
        };
    }

    private static PostgresColumn Integer(ColumnProfile column, int bits) => bits switch
    {
        <= 16 => new PostgresColumn(column, "smallint", PostgresValueKind.Int16),
        <= 32 => new PostgresColumn(column, "integer", PostgresValueKind.Int32),
        _ => new PostgresColumn(column, "bigint", PostgresValueKind.Int64),
    };

    /// <summary>A default that means the same in PostgreSQL as in the source, or null.</summary>
    private static string? Default(PostgresColumn column)
    {
        if (column.Column.Default is not { Length: > 0 } raw)
            return null;
        var value = raw.Trim();
        var unwrapped = value.Trim('(', ')');
        return column.Kind switch
        {
            PostgresValueKind.Int16 or PostgresValueKind.Int32 or PostgresValueKind.Int64 or PostgresValueKind.Numeric
                or PostgresValueKind.Real or PostgresValueKind.Double when NumberLiteral().IsMatch(unwrapped) => unwrapped,
            PostgresValueKind.Boolean => unwrapped.ToLowerInvariant() switch
            {
                "1" or "true" or "'t'" or "'true'" or "b'1'" => "true",
                "0" or "false" or "'f'" or "'false'" or "b'0'" => "false",
                _ => null,
            },
            PostgresValueKind.Text or PostgresValueKind.Enum when StringLiteral().IsMatch(value) => value,
            PostgresValueKind.Date or PostgresValueKind.Timestamp or PostgresValueKind.TimestampTz or PostgresValueKind.Time
                or PostgresValueKind.TimeTz => unwrapped.ToUpperInvariant() switch
                {
                    "CURRENT_TIMESTAMP" or "NOW" or "NOW()" or "LOCALTIMESTAMP" or "CURRENT_TIMESTAMP()" => "CURRENT_TIMESTAMP",
                    "CURRENT_DATE" => "CURRENT_DATE",
                    "CURRENT_TIME" or "LOCALTIME" => "LOCALTIME",
                    _ => null,
                },
            PostgresValueKind.Uuid when unwrapped.Equals("gen_random_uuid", StringComparison.OrdinalIgnoreCase) => "gen_random_uuid()",
            _ => null,
        };
    }

    /// <summary>A name not yet taken in the schema: the profile's, else prefixed with the table, cut to 63 bytes.</summary>
    private static string Unique(ISet<string> names, string table, string? name)
    {
        var candidate = string.IsNullOrEmpty(name) || name == "PRIMARY" ? Cut($"{table}_pkey") : Cut(name);
        if (names.Add(candidate))
            return candidate;
        candidate = Cut($"{table}_{name}");
        for (var n = 2; !names.Add(candidate); n++)
            candidate = Cut($"{table}_{name}", Invariant($"_{n}"));
        return candidate;
    }

    private static string Cut(string name, string suffix = "")
    {
        var max = PostgresNames.MaxLength - Encoding.UTF8.GetByteCount(suffix);
        while (Encoding.UTF8.GetByteCount(name) > max)
            name = name[..^1];
        return name + suffix;
    }

    private static string ColumnList(IEnumerable<string> columns) => "(" + string.Join(", ", columns.Select(PostgresNames.Quote)) + ")";

    /// <summary>numeric(P,S) within PostgreSQL's limits (P 1..1000, S 0..P).</summary>
    private static string DecimalType(int? precision, int? scale)
    {
        var p = Math.Clamp(precision ?? 18, 1, 1000);
        var s = Math.Clamp(scale ?? 0, 0, p);
        return Invariant($"numeric({p},{s})");
    }

    private static string? Rule(string? rule)
    {
        var normal = rule?.Trim().ToUpperInvariant();
        return normal is "CASCADE" or "SET NULL" or "SET DEFAULT" or "RESTRICT" or "NO ACTION" ? normal : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^'([^']|'')*'$", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();
}
