namespace ElasticDuckface.Data.Connections;

/// <summary>The database engines duckface talks to.</summary>
public enum DatabaseKind
{
    /// <summary>A SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>MySQL or MariaDB.</summary>
    MySql,
}
