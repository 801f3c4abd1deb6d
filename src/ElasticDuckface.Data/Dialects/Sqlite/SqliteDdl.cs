using System.Globalization;
using System.Text;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// Renders a profile's tables as SQLite DDL: one CREATE TABLE per table with its keys and foreign keys inline (SQLite
/// cannot add a foreign key later), then the CREATE INDEX statements. Every identifier is quoted.
/// </summary>
/// <remarks>
/// Foreign keys are only checked when the load is finished (<c>PRAGMA foreign_key_check</c>), so neither table order nor
/// cycles matter. A foreign key is left out when its parent table is not in the schema or the referenced columns are
/// neither the parent's primary key nor one of its unique keys: SQLite reports such a key as a "foreign key mismatch"
/// error rather than checking it.
/// </remarks>
internal static class SqliteDdl
{
    /// <summary>All statements for a schema: the tables in the given order, then their indexes.</summary>
    /// <param name="tables">The tables.</param>
    /// <param name="sourceDialect">The profile's dialect: declared types are kept when it is <c>sqlite</c>.</param>
    public static IReadOnlyList<string> Script(IReadOnlyList<TableProfile> tables, string? sourceDialect)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var statements = tables.Select(t => CreateTable(t, sourceDialect, tables)).ToList();
        // index names are global in SQLite (per table in MySQL): prefix the table where two would collide
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
            statements.AddRange(CreateIndexes(table, used));
        return statements;
    }

    /// <summary>The CREATE TABLE statement of one table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="sourceDialect">The profile's dialect: declared types are kept when it is <c>sqlite</c>.</param>
    /// <param name="schema">The whole schema, to leave out foreign keys SQLite cannot check; null to keep them all.</param>
    public static string CreateTable(TableProfile table, string? sourceDialect, IReadOnlyList<TableProfile>? schema = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keepDeclared = string.Equals(sourceDialect, SqliteEngine.Instance.Name, StringComparison.OrdinalIgnoreCase);
        var pk = table.PrimaryKey?.Columns ?? [];
        var rowidColumn = pk.Count == 1 ? table.FindColumn(pk[0]) : null;
        if (rowidColumn is not null && rowidColumn.Category != ColumnCategory.Integer)
            rowidColumn = null;

        var lines = new List<string>();
        foreach (var column in table.Columns)
        {
            var line = new StringBuilder("    ").Append(Q(column.Name)).Append(' ');
            if (ReferenceEquals(column, rowidColumn))
            {
                // INTEGER PRIMARY KEY (exactly this type name) makes the column the rowid: no second index, fast inserts
                line.Append("INTEGER PRIMARY KEY");
                if (keepDeclared && column.AutoIncrement)
                    line.Append(" AUTOINCREMENT");
            }
            else
            {
                line.Append(ColumnType(column, keepDeclared));
            }

            if (column.Generated is { } generated)
            {
                // the server computes it (no row carries it); another engine's expression: a plain nullable column
                if (keepDeclared)
                {
                    line.Append(GeneratedClause.Sql(generated));
                    if (!column.Nullable)
                        line.Append(" NOT NULL");
                }

                lines.Add(line.ToString());
                continue;
            }

            if (!column.Nullable)
                line.Append(" NOT NULL");
            if (keepDeclared && column.Default is not null)
                line.Append(" DEFAULT ").Append(column.Default);
            lines.Add(line.ToString());
        }

        if (pk.Count > 0 && rowidColumn is null)
            lines.Add("    PRIMARY KEY (" + Columns(pk) + ")");
        foreach (var key in table.UniqueKeys)
        {
            if (key.Columns.Count == 0 || key.Columns.SequenceEqual(pk, StringComparer.Ordinal))
                continue;
            lines.Add("    CONSTRAINT " + Q(key.Name) + " UNIQUE (" + Columns(key.Columns) + ")");
        }

        foreach (var fk in table.ConstraintForeignKeys)
        {
            if (schema is not null && !IsCheckable(fk, schema))
                continue;
            var line = new StringBuilder("    CONSTRAINT ").Append(Q(fk.Name))
                .Append(" FOREIGN KEY (").Append(Columns(fk.Columns)).Append(") REFERENCES ").Append(Q(fk.ReferencedTable))
                .Append(" (").Append(Columns(fk.ReferencedColumns)).Append(')');
            if (Action(fk.OnDelete) is { } onDelete)
                line.Append(" ON DELETE ").Append(onDelete);
            if (Action(fk.OnUpdate) is { } onUpdate)
                line.Append(" ON UPDATE ").Append(onUpdate);
            lines.Add(line.ToString());
        }

        return "CREATE TABLE " + Q(table.Name) + " (\n" + string.Join(",\n", lines) + "\n)";
    }

    /// <summary>The CREATE [UNIQUE] INDEX statements of one table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="usedNames">Index names taken so far in the database (updated); a clash gets the table name as prefix.</param>
    public static IReadOnlyList<string> CreateIndexes(TableProfile table, ISet<string> usedNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(usedNames);
        var result = new List<string>();
        foreach (var index in table.Indexes)
        {
            // a MySQL full-text index has no like here
            if (index.Columns.Count == 0 || IndexKinds.IsFulltext(index))
                continue;
            var name = index.Name;
            if (!usedNames.Add(name))
            {
                name = table.Name + "_" + index.Name;
                for (var n = 2; !usedNames.Add(name); n++)
                    name = table.Name + "_" + index.Name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            result.Add((index.Unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + Q(name) + " ON " + Q(table.Name)
                + " (" + Columns(index.Columns) + ")");
        }

        return result;
    }

    /// <summary>The SQLite type of a column: the declared one for a SQLite profile, else one mapped from the category.</summary>
    /// <remarks>
    /// DATE, DATETIME and TIME have NUMERIC affinity in SQLite; the writers store them as ISO text, which that affinity
    /// keeps as text, and the names let a profile of the result classify them as dates and times again.
    /// </remarks>
    public static string ColumnType(ColumnProfile column, bool keepDeclared)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (keepDeclared && !string.IsNullOrWhiteSpace(column.SqlType))
            return column.SqlType;
        return column.Category switch
        {
            ColumnCategory.Integer or ColumnCategory.Boolean or ColumnCategory.Year => "INTEGER",
            ColumnCategory.Decimal => string.Create(CultureInfo.InvariantCulture, $"NUMERIC({column.Precision ?? 10},{column.Scale ?? 0})"),
            ColumnCategory.Float => "REAL",
            ColumnCategory.String => column.Length is { } n ? string.Create(CultureInfo.InvariantCulture, $"VARCHAR({n})") : "VARCHAR",
            ColumnCategory.Binary => "BLOB",
            ColumnCategory.Date => "DATE",
            ColumnCategory.DateTime => "DATETIME",
            ColumnCategory.Time => "TIME",
            _ => "TEXT",
        };
    }

    private static bool IsCheckable(ForeignKeyProfile fk, IReadOnlyList<TableProfile> schema)
    {
        var parent = schema.FirstOrDefault(t => string.Equals(t.Name, fk.ReferencedTable, StringComparison.Ordinal));
        if (parent is null)
            return false;
        var referenced = new HashSet<string>(fk.ReferencedColumns, StringComparer.OrdinalIgnoreCase);
        bool Matches(IReadOnlyList<string> key) => key.Count == referenced.Count && key.All(referenced.Contains);
        return (parent.PrimaryKey is { } pk && Matches(pk.Columns))
            || parent.UniqueKeys.Any(k => Matches(k.Columns))
            || parent.Indexes.Any(i => i.Unique && Matches(i.Columns));
    }

    private static string? Action(string? rule)
    {
        var normalized = rule?.Trim().ToUpperInvariant();
        return normalized is "CASCADE" or "SET NULL" or "SET DEFAULT" or "RESTRICT" ? normalized : null;
    }

    private static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Q));

    private static string Q(string identifier) => SqliteNames.Quote(identifier);
}
