using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// Renders MySQL/MariaDB DDL from table profiles, for both the live <see cref="MySqlWriter"/> and the SQL script writer:
/// one <c>CREATE TABLE</c> per table (InnoDB, utf8mb4) with its primary key, unique keys and indexes, and foreign keys as
/// separate <c>ALTER TABLE … ADD CONSTRAINT</c> statements, run after every table exists, so cycles and self-references
/// need no ordering. The choices are recorded in docs/adr/0003-writers.md.
/// </summary>
/// <remarks>
/// A table of a MySQL profile keeps its engine, character set and collation, and its columns theirs, so that the tool's
/// own DDL rebuilds the source's tables (issue 10): the same <c>information_schema</c> rows, prefix index lengths,
/// <c>ON UPDATE</c> and generated columns included. A table from another engine uses <c>utf8mb4_bin</c>: generated
/// values are unique byte-wise, and a case-insensitive collation could make two of them ("Abc", "abc") collide in a
/// unique key (the unique values generated for text are lower-case base-36, so a source's own case-insensitive
/// collation does not). Statements carry no trailing semicolon; the caller runs each on its own or ends it for a script.
/// </remarks>
internal static partial class MySqlDdl
{
    /// <summary>The table options of a table whose profile names no engine or collation (a profile of another engine).</summary>
    public const string TableOptions = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    // InnoDB keys hold at most 3072 bytes: 768 utf8mb4 characters. A keyed TEXT/BLOB up to that size becomes VARCHAR/VARBINARY.
    private const long KeyBytes = 3072;
    private const long KeyChars = KeyBytes / 4;

    // Index prefix for TEXT/BLOB key parts that stay TEXT/BLOB (declared so by a MySQL source, or longer than a key holds).
    private const int TextKeyPrefix = 255;

    // utf8mb4 VARCHAR holds at most 16383 characters (65,535-byte row limit)
    private const long MaxVarcharLength = 16_383;

    /// <summary>The <c>CREATE TABLE</c> statement of a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="sourceDialect">The profile's source dialect: <c>mysql</c> keeps each column's declared type as-is.</param>
    public static string CreateTable(TableProfile table, string? sourceDialect) => CreateTable(table, Source(sourceDialect));

    /// <summary>The <c>CREATE TABLE</c> statement of a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="source">The profile's source: a MySQL profile keeps each column's declared type as-is.</param>
    /// <param name="deferIndexes">Leave out the indexes <see cref="AddDeferredIndexes"/> builds after the load.</param>
    public static string CreateTable(TableProfile table, WriterOptions source, bool deferIndexes = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(source);
        var types = KeyTypes(table, source);
        var autoIncrement = AutoIncrementColumn(table);
        var fromMySql = source.IsFrom(MySqlEngine.Instance.Name);
        var pk = table.PrimaryKey?.Columns ?? [];

        var lines = new List<string>();
        foreach (var column in table.Columns)
            lines.Add("  " + ColumnDefinition(column, types[column.Name], fromMySql, ReferenceEquals(column, autoIncrement)));
        if (pk.Count > 0)
            lines.Add("  PRIMARY KEY " + KeyParts(pk, table.PrimaryKey!.PrefixLengths, types));
        foreach (var key in table.UniqueKeys)
        {
            if (key.Columns.Count > 0 && !key.Columns.SequenceEqual(pk, StringComparer.OrdinalIgnoreCase))
                lines.Add($"  UNIQUE KEY {MySqlNames.Quote(key.Name)} {KeyParts(key.Columns, key.PrefixLengths, types)}");
        }

        foreach (var index in table.Indexes)
        {
            if (index.Columns.Count > 0 && !(deferIndexes && IsDeferrable(table, index)))
                lines.Add("  " + IndexDefinition(index, types));
        }

        var sql = new StringBuilder();
        sql.Append("CREATE TABLE ").Append(MySqlNames.Quote(table.Name)).Append(" (\n");
        sql.AppendJoin(",\n", lines);
        sql.Append("\n) ").Append(fromMySql ? Options(table) : TableOptions);
        return sql.ToString();
    }

    /// <summary>
    /// The one <c>ALTER TABLE … ADD KEY …, ADD KEY …</c> that builds the indexes <see cref="CreateTable(TableProfile,
    /// WriterOptions, bool)"/> left out, or null when there are none. InnoDB builds a secondary index on a filled table by
    /// sorting its entries once, instead of inserting each row's entry into every index during the load.
    /// </summary>
    public static string? AddDeferredIndexes(TableProfile table, WriterOptions source)
    {
        ArgumentNullException.ThrowIfNull(table);
        var types = KeyTypes(table, source);
        var adds = table.Indexes.Where(i => i.Columns.Count > 0 && IsDeferrable(table, i))
            .Select(i => "ADD " + IndexDefinition(i, types)).ToList();
        return adds.Count == 0 ? null : $"ALTER TABLE {MySqlNames.Quote(table.Name)} {string.Join(", ", adds)}";
    }

    /// <summary>
    /// Whether an index can wait until its table is filled: a plain one (not unique, so no duplicate is missed while it
    /// is absent; not FULLTEXT) that no foreign key of the table leads with (InnoDB needs that one when the key is added).
    /// </summary>
    private static bool IsDeferrable(TableProfile table, IndexProfile index) =>
        !index.Unique && !IndexKinds.IsFulltext(index)
        && !table.ConstraintForeignKeys.Any(fk => fk.Columns.Count <= index.Columns.Count
            && fk.Columns.Select((c, i) => string.Equals(c, index.Columns[i], StringComparison.OrdinalIgnoreCase)).All(same => same));

    private static string IndexDefinition(IndexProfile index, Dictionary<string, string> types) =>
        IndexKinds.IsFulltext(index)
            ? $"FULLTEXT KEY {MySqlNames.Quote(index.Name)} {ColumnList(index.Columns)}" // no prefixes there
            : $"{(index.Unique ? "UNIQUE KEY" : "KEY")} {MySqlNames.Quote(index.Name)} "
                + KeyParts(index.Columns, index.PrefixLengths, types);

    /// <summary>Each column's MySQL type, keyed columns kept indexable (see <see cref="ColumnType(ColumnProfile,
    /// WriterOptions, bool)"/>).</summary>
    private static Dictionary<string, string> KeyTypes(TableProfile table, WriterOptions source)
    {
        var keyed = KeyedColumns(table);
        return table.Columns.ToDictionary(c => c.Name, c => ColumnType(c, source, keyed.Contains(c.Name)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A MySQL table's own options: its engine (InnoDB when the profile names none), character set and collation (the
    /// collation alone implies its character set; neither: utf8mb4_bin).
    /// </summary>
    private static string Options(TableProfile table)
    {
        var engine = table.Engine is { Length: > 0 } e ? e : "InnoDB";
        if (table.Collation is not { Length: > 0 } collation)
            return $"ENGINE={engine} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        var charset = table.CharacterSet is { Length: > 0 } c ? $" DEFAULT CHARSET={c}" : "";
        return $"ENGINE={engine}{charset} COLLATE={collation}";
    }

    /// <summary>The <c>ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY</c> statements of a table, in profile order.</summary>
    public static IReadOnlyList<string> AddForeignKeys(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.ConstraintForeignKeys.Select(fk =>
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
    /// <param name="column">The column.</param>
    /// <param name="sourceDialect">The profile's source dialect.</param>
    /// <param name="keyed">
    /// Whether the column is in a key, index or foreign key: MySQL cannot index TEXT or BLOB whole (and not at all in a
    /// foreign key), so such a column becomes VARCHAR(n)/VARBINARY(n) when n fits in a key.
    /// </param>
    public static string ColumnType(ColumnProfile column, string? sourceDialect, bool keyed) =>
        ColumnType(column, Source(sourceDialect), keyed);

    /// <summary>The MySQL type of a column: its declared type when it came from MySQL, else mapped from its canonical type.</summary>
    /// <param name="column">The column.</param>
    /// <param name="source">The profile's source engine and its type map.</param>
    /// <param name="keyed">Whether the column is in a key, index or foreign key (TEXT/BLOB then become VARCHAR/VARBINARY).</param>
    public static string ColumnType(ColumnProfile column, WriterOptions source, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsFrom(MySqlEngine.Instance.Name) && !string.IsNullOrWhiteSpace(column.SqlType))
            return column.SqlType;
        var baseName = SqlType.Parse(column.SqlType ?? "").BaseName;
        var unsigned = column.Unsigned ? " unsigned" : "";
        var keyText = !keyed ? null
            : (column.Length ?? TextKeyPrefix) <= KeyChars ? Invariant($"varchar({column.Length ?? TextKeyPrefix})")
            : KeyedTextType(column);
        return column.Category switch
        {
            ColumnCategory.Integer => IntegerType(source.SourceTypes.Canonical(column)) + unsigned,
            ColumnCategory.Decimal => DecimalType(column.Precision, column.Scale) + unsigned,
            // every other dialect's REAL/FLOAT holds a double, as do the generated values
            ColumnCategory.Float => "double",
            ColumnCategory.Boolean => "tinyint(1)",
            ColumnCategory.String => column.Length switch
            {
                null => "varchar(255)",
                <= 255 when baseName is "char" or "nchar" or "character" or "national char" => Invariant($"char({column.Length})"),
                <= MaxVarcharLength => Invariant($"varchar({column.Length})"),
                _ => TextType(column.Length),
            },
            ColumnCategory.Text => keyText ?? TextType(column.Length),
            ColumnCategory.Binary => column.Length switch
            {
                { } n when baseName == "binary" && n <= 255 => Invariant($"binary({n})"),
                { } n when baseName == "varbinary" && n <= 65_535 => Invariant($"varbinary({n})"),
                var n when keyed && (n ?? TextKeyPrefix) <= KeyBytes => Invariant($"varbinary({n ?? TextKeyPrefix})"),
                _ => "longblob",
            },
            ColumnCategory.Date => "date",
            // another engine's fractions of a second keep their digits (MySQL's bare DATETIME and TIME hold none)
            ColumnCategory.DateTime => WithFractions("datetime", column),
            ColumnCategory.Time => WithFractions("time", column),
            ColumnCategory.Year => "year",
            ColumnCategory.Json => "json",
            ColumnCategory.Enum when column.EnumValues is { Count: > 0 } values => Members("enum", values),
            ColumnCategory.Set when column.EnumValues is { Count: > 0 } values => Members("set", values),
            ColumnCategory.Enum or ColumnCategory.Set => "varchar(255)",
            _ => keyText ?? "longtext",
        };
    }

    private static string WithFractions(string type, ColumnProfile column) =>
        column.Stats?.Fractions is { Digits: > 0 } f ? Invariant($"{type}({Math.Min(f.Digits, FractionDigits.Max)})") : type;

    private static string Members(string type, IEnumerable<string> values) =>
        type + "(" + string.Join(",", values.Select(MySqlLiterals.String)) + ")";

    private static WriterOptions Source(string? sourceDialect) =>
        new(false, sourceDialect ?? "", DatabaseEngines.TypesFor(sourceDialect ?? ""));

    /// <summary>
    /// The MySQL integer of a canonical width. A SQLite integer is 64-bit whatever its declared name, and scaling grows
    /// keys; mapping by width also keeps a foreign key's child and parent types equal, which InnoDB requires.
    /// </summary>
    private static string IntegerType(ColumnType type) => type.IntegerBits switch
    {
        8 => "tinyint",
        16 => "smallint",
        24 => "mediumint",
        32 => "int",
        _ => "bigint",
    };

    /// <summary>
    /// One column's definition. A MySQL profile's column keeps its own character set and collation, <c>ON UPDATE</c> and
    /// generation expression; a generated column of another engine's profile becomes a plain nullable column (its
    /// expression is in that engine's SQL), which generation leaves NULL.
    /// </summary>
    private static string ColumnDefinition(ColumnProfile column, string type, bool fromMySql, bool autoIncrement)
    {
        var sql = new StringBuilder();
        sql.Append(MySqlNames.Quote(column.Name)).Append(' ').Append(type);
        if (fromMySql && column.CharacterSet is { Length: > 0 } charset)
            sql.Append(" CHARACTER SET ").Append(charset);
        if (fromMySql && column.Collation is { Length: > 0 } collation)
            sql.Append(" COLLATE ").Append(collation);
        if (column.Generated is { } generated)
        {
            if (!fromMySql)
                return sql.Append(" NULL").ToString();
            sql.Append(GeneratedClause.Sql(generated));
            // MariaDB accepts no NULL/NOT NULL on a generated column and reports every one as nullable; MySQL 8 may say NOT NULL
            return column.Nullable ? sql.ToString() : sql.Append(" NOT NULL").ToString();
        }

        sql.Append(column.Nullable ? " NULL" : " NOT NULL");
        if (Default(column, fromMySql) is { } value)
            sql.Append(" DEFAULT ").Append(value);
        if (fromMySql && column.OnUpdate is { Length: > 0 } onUpdate)
            sql.Append(" ON UPDATE ").Append(onUpdate);
        if (autoIncrement)
            sql.Append(" AUTO_INCREMENT");
        return sql.ToString();
    }

    /// <summary>
    /// The default clause value, or null. A MySQL source's default is MariaDB-style SQL text (see
    /// <see cref="MySqlSource.NormalizeDefault"/>) and kept, on any type the source accepted it on (MariaDB's
    /// <c>TEXT DEFAULT 'x'</c>); another dialect's is kept only when it is a plain number for a numeric column, a quoted
    /// string for a string column or CURRENT_TIMESTAMP for a date-time column, since its expressions mean nothing to
    /// MySQL, and TEXT, BLOB and JSON columns then get none (MySQL before 8.0.13 rejects one).
    /// </summary>
    private static string? Default(ColumnProfile column, bool fromMySql)
    {
        if (column.Default is not { Length: > 0 } value || column.AutoIncrement)
            return null;
        if (fromMySql)
            return value;
        if (column.Category is ColumnCategory.Text or ColumnCategory.Binary or ColumnCategory.Json or ColumnCategory.Other)
            return null;
        if (NumberLiteral().IsMatch(value)
            && column.Category is ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float or ColumnCategory.Boolean)
            return value;
        if (StringLiteral().IsMatch(value) && column.Category == ColumnCategory.String)
            return MySqlLiterals.String(value[1..^1].Replace("''", "'", StringComparison.Ordinal));
        if (column.Category == ColumnCategory.DateTime
            && value.Trim('(', ')').Equals("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase))
            return "CURRENT_TIMESTAMP";
        return null;
    }

    /// <summary>
    /// The column that keeps AUTO_INCREMENT, or null: MySQL allows one per table, on an integer column that starts a key.
    /// </summary>
    private static ColumnProfile? AutoIncrementColumn(TableProfile table)
    {
        var keyStarts = new[] { table.PrimaryKey?.Columns ?? [] }
            .Concat(table.UniqueKeys.Select(k => k.Columns))
            .Concat(table.Indexes.Select(i => i.Columns))
            .Where(columns => columns.Count > 0)
            .Select(columns => columns[0])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return table.Columns.FirstOrDefault(c => c.AutoIncrement && c.Category == ColumnCategory.Integer && keyStarts.Contains(c.Name));
    }

    /// <summary>
    /// A keyed TEXT column declared longer than a key holds (PostgreSQL's <c>text</c>, profiled as 65,535 characters) whose
    /// values all fit: VARCHAR of the longest profiled value, at least 255. Kept as TEXT it would take a prefix index, and a
    /// foreign key can use neither that nor a TEXT column ("Missing index for constraint" after the whole load).
    /// </summary>
    private static string? KeyedTextType(ColumnProfile column) =>
        ProfiledLengths.Longest(column) is { } longest && Math.Max(TextKeyPrefix, longest) <= KeyChars
            ? Invariant($"varchar({Math.Max(TextKeyPrefix, longest)})")
            : null;

    private static HashSet<string> KeyedColumns(TableProfile table)
    {
        var keyed = new HashSet<string>(table.PrimaryKey?.Columns ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var key in table.UniqueKeys)
            keyed.UnionWith(key.Columns);
        foreach (var index in table.Indexes)
            keyed.UnionWith(index.Columns);
        foreach (var fk in table.ForeignKeys)
            keyed.UnionWith(fk.Columns);
        return keyed;
    }

    /// <summary>
    /// A key's column list: each column with the profile's prefix length when it has one (MySQL's <c>source_compute(100)</c>),
    /// else a TEXT/BLOB column with a 255-character prefix (MySQL indexes none whole).
    /// </summary>
    private static string KeyParts(IReadOnlyList<string> columns, IReadOnlyList<int?>? prefixes, Dictionary<string, string> types) =>
        "(" + string.Join(", ", columns.Select((name, i) =>
        {
            if (prefixes is not null && i < prefixes.Count && prefixes[i] is { } prefix)
                return Invariant($"{MySqlNames.Quote(name)}({prefix})");
            var needsPrefix = types.TryGetValue(name, out var type)
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

    /// <summary>
    /// A referential action InnoDB accepts, or null to leave the server default: InnoDB rejects SET DEFAULT, and RESTRICT
    /// is the default. Written out, RESTRICT would not survive: MariaDB 10.11 stores an explicit <c>ON UPDATE RESTRICT</c>
    /// added by <c>ALTER TABLE</c> under <c>FOREIGN_KEY_CHECKS = 0</c> as NO ACTION (measured), while the omitted clause
    /// stays RESTRICT, as the source's (every Nova foreign key's) was.
    /// </summary>
    private static string? Rule(string? rule)
    {
        var normal = rule?.Trim().ToUpperInvariant();
        return normal is "CASCADE" or "SET NULL" or "NO ACTION" ? normal : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^'([^']|'')*'$", RegexOptions.CultureInvariant)]
    private static partial Regex StringLiteral();
}
