using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>A SQLite file opened with <c>Mode=ReadOnly</c>: the file is never written.</summary>
internal sealed class SqliteSource : SourceDatabase
{
    private SqliteSource(DatabaseLocation location, SqliteConnection connection)
        : base(location, connection)
    {
    }

    /// <summary>Every SQLite table without <c>WITHOUT ROWID</c> numbers its rows in <c>rowid</c>.</summary>
    public override string? RowIdColumn => "rowid";

    public override string Quote(string identifier) => SqliteNames.Quote(identifier);

    public override string CharLength(string expression) => $"LENGTH({expression})";

    public static async Task<SourceDatabase> OpenAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        var path = location.FilePath!;
        if (Directory.Exists(path))
            throw new DatabaseOperationException($"'{path}' is a directory, not a SQLite file. Give the path of a .db/.sqlite file.");
        if (!File.Exists(path))
            throw new DatabaseOperationException($"SQLite file '{path}' does not exist. Check the path (or use mysql://... for a server).");
        var builder = new SqliteConnectionStringBuilder(location.ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Touch the schema: a file that is not a database fails here (SQLITE_NOTADB).
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master").ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var what = ex.SqliteErrorCode == 26 ? "is not a SQLite database" : $"cannot be read ({ex.Message.TrimEnd('.')})";
            throw new DatabaseOperationException($"'{path}' {what}. Give the path of a SQLite database file.", ex);
        }

        return new SqliteSource(location, connection);
    }

    public override async Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        var c = Connection;
        var tables = (await c.QueryAsync<(string Name, string Sql)>(new CommandDefinition(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var result = new List<TableProfile>();
        foreach (var (name, sql) in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            result.Add(await ReadTableAsync(name, sql ?? "", cancellationToken).ConfigureAwait(false));
        return result;
    }

    private async Task<TableProfile> ReadTableAsync(string table, string createSql, CancellationToken cancellationToken)
    {
        var c = Connection;
        // table_xinfo, not table_info: it lists generated columns too (hidden 2 virtual, 3 stored; 1 is a virtual table's)
        var cols = (await c.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk, long Hidden)>(
            new CommandDefinition(
                "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(@table) "
                + "WHERE hidden <> 1 ORDER BY cid",
                new { table }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var pkCols = cols.Where(x => x.Pk > 0).OrderBy(x => x.Pk).Select(x => x.Name).ToList();
        var autoIncrement = createSql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);

        var columns = cols.Select(x =>
        {
            var declared = string.IsNullOrWhiteSpace(x.Type) ? "BLOB" : x.Type;
            var t = SqlType.Parse(declared);
            var isRowidAlias = pkCols.Count == 1 && pkCols[0] == x.Name
                && string.Equals(x.Type, "INTEGER", StringComparison.OrdinalIgnoreCase);
            return new ColumnProfile
            {
                Name = x.Name,
                SqlType = declared,
                Category = t.Category,
                Length = t.Length,
                Precision = t.Precision,
                Scale = t.Scale,
                Unsigned = t.Unsigned,
                // a rowid alias can never hold NULL even when not declared NOT NULL
                Nullable = x.NotNull == 0 && !isRowidAlias,
                Default = x.Default,
                AutoIncrement = isRowidAlias && autoIncrement,
                EnumValues = t.EnumValues,
                Generated = x.Hidden is 2 or 3 && SqliteGeneratedExpression.Find(createSql, x.Name) is { } expression
                    ? new GeneratedColumn(expression, x.Hidden == 3)
                    : null,
            };
        }).ToList();

        var indexes = (await c.QueryAsync<(string Name, long Unique, string Origin)>(new CommandDefinition(
            "SELECT name, \"unique\", origin FROM pragma_index_list(@table)", new { table },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var uniqueKeys = new List<KeyProfile>();
        var plainIndexes = new List<IndexProfile>();
        foreach (var ix in indexes)
        {
            var ixCols = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name = ix.Name },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (ix.Origin == "pk" || ixCols.Count == 0)
                continue;
            var name = ix.Name.StartsWith("sqlite_autoindex_", StringComparison.Ordinal)
                ? "UQ_" + table + "_" + string.Join("_", ixCols)
                : ix.Name;
            if (ix.Unique != 0)
                uniqueKeys.Add(new KeyProfile(name, ixCols));
            else
                plainIndexes.Add(new IndexProfile(name, ixCols, false));
        }

        var fkRows = (await c.QueryAsync<(long Id, long Seq, string Table, string From, string? To, string OnUpdate, string OnDelete)>(
            new CommandDefinition(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(@table) ORDER BY id, seq",
            new { table }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var fks = new List<ForeignKeyProfile>();
        foreach (var g in fkRows.GroupBy(r => r.Id))
        {
            var rows = g.OrderBy(r => r.Seq).ToList();
            var parent = rows[0].Table;
            var from = rows.Select(r => r.From).ToList();
            var to = rows.Select(r => r.To).ToList();
            if (to.Any(t => t is null))
            {
                // REFERENCES parent without columns: the parent's primary key
                var parentPk = (await c.QueryAsync<string>(new CommandDefinition(
                    "SELECT name FROM pragma_table_info(@parent) WHERE pk > 0 ORDER BY pk", new { parent },
                    cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
                to = parentPk.Cast<string?>().ToList();
            }

            fks.Add(new ForeignKeyProfile
            {
                Name = "FK_" + table + "_" + string.Join("_", from),
                Columns = from,
                ReferencedTable = parent,
                ReferencedColumns = to.Select(t => t!).ToList(),
                OnDelete = rows[0].OnDelete,
                OnUpdate = rows[0].OnUpdate,
            });
        }

        return new TableProfile
        {
            Name = table,
            Columns = columns,
            PrimaryKey = pkCols.Count > 0 ? new KeyProfile("PRIMARY", pkCols) : null,
            UniqueKeys = SchemaOrder.Keys(uniqueKeys),
            Indexes = SchemaOrder.Indexes(plainIndexes),
            ForeignKeys = SchemaOrder.ForeignKeys(fks),
        };
    }
}

/// <summary>SQLite identifier quoting.</summary>
internal static class SqliteNames
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
