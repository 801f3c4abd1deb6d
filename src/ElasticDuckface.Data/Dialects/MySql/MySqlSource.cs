using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>A MySQL/MariaDB database opened read-only inside a consistent-snapshot transaction.</summary>
internal sealed class MySqlSource : SourceDatabase
{
    private MySqlSource(DatabaseLocation location, MySqlConnection connection)
        : base(location, connection)
    {
    }

    public override string Dialect => "mysql";

    public override string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public override string CharLength(string expression) => $"CHAR_LENGTH({expression})";

    public static Task<SourceDatabase> OpenAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        // TODO(helper): open, map errors, start a READ ONLY consistent-snapshot transaction.
        _ = new MySqlSource(location, new MySqlConnection(location.ConnectionString));
        throw new NotSupportedException("MySQL is not wired yet.");
    }

    public override Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("MySQL is not wired yet.");
}
