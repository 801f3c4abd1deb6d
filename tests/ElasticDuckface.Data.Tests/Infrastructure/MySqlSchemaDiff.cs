using System.Globalization;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// Compares two MySQL/MariaDB databases' schemas through <c>information_schema</c>, as a DBA would: tables (engine,
/// collation), columns (position, type, nullability, default, extra, character set, collation, generation expression),
/// index parts (uniqueness, order, prefix length, type), foreign key parts and their rules, constraints and CHECK
/// clauses. Row counts, statistics and AUTO_INCREMENT counters are data, not schema, and are left out, as are comments,
/// row formats and create options (no profile keeps them).
/// </summary>
public static class MySqlSchemaDiff
{
    private static readonly (string Name, string Sql)[] s_queries =
    [
        ("table", """
            SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'BASE TABLE'
            """),
        ("column", """
            SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
                   CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db
            """),
        ("index", """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, NULLABLE, INDEX_TYPE
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = @db
            """),
        // the referenced schema compared as "this one or another", since the two databases have different names
        ("key column", """
            SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT,
                   REFERENCED_TABLE_SCHEMA = TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = @db
            """),
        ("foreign key", """
            SELECT TABLE_NAME, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, REFERENCED_TABLE_NAME
            FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = @db
            """),
        ("constraint", """
            SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = @db
            """),
        // MariaDB's JSON columns are LONGTEXT with a CHECK (json_valid(...)); the profile keeps no CHECK yet
        ("check", """
            SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = @db
            """),
    ];

    /// <summary>
    /// Every row of <c>information_schema</c> that one database has and the other lacks, as <c>- kind: values</c> (only
    /// in <paramref name="expectedDatabase"/>) and <c>+ kind: values</c> (only in <paramref name="actualDatabase"/>),
    /// sorted; empty when the schemas are equal.
    /// </summary>
    /// <param name="connectionString">A connection to the server that holds both databases.</param>
    /// <param name="expectedDatabase">The database the other should equal (e.g. the source).</param>
    /// <param name="actualDatabase">The database compared with it (e.g. the generated one).</param>
    public static async Task<IReadOnlyList<string>> CompareAsync(string connectionString, string expectedDatabase, string actualDatabase)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var differences = new List<string>();
        foreach (var (name, sql) in s_queries)
        {
            var expected = await RowsAsync(connection, sql, expectedDatabase);
            var actual = await RowsAsync(connection, sql, actualDatabase);
            differences.AddRange(Subtract(expected, actual).Select(r => $"- {name}: {r}"));
            differences.AddRange(Subtract(actual, expected).Select(r => $"+ {name}: {r}"));
        }

        differences.Sort(StringComparer.Ordinal);
        return differences;
    }

    /// <summary>Rows of <paramref name="left"/> not in <paramref name="right"/>, a duplicate counted as often as it occurs.</summary>
    private static IEnumerable<string> Subtract(List<string> left, List<string> right)
    {
        var remaining = right.GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var row in left)
        {
            if (remaining.TryGetValue(row, out var n) && n > 0)
                remaining[row] = n - 1;
            else
                yield return row;
        }
    }

    private static async Task<List<string>> RowsAsync(MySqlConnection connection, string sql, string database)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@db", database);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
                values[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            rows.Add(string.Join(" | ", values));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
