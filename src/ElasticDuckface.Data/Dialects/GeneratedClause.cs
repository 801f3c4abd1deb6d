using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// The generation clause of a column definition, which MySQL/MariaDB, PostgreSQL (12+; VIRTUAL from 18) and SQLite
/// (3.31+) spell alike: <c> GENERATED ALWAYS AS (expression) STORED|VIRTUAL</c>.
/// </summary>
internal static class GeneratedClause
{
    public static string Sql(GeneratedColumn generated) =>
        " GENERATED ALWAYS AS (" + generated.Expression + (generated.Stored ? ") STORED" : ") VIRTUAL");
}
