using ElasticDuckface.Data.Connections;

namespace ElasticDuckface.Data.Profiling;

/// <summary>The one error for a database with no tables, for profile and verify alike (both read it).</summary>
internal static class NoTables
{
    public static string Message(DatabaseLocation location) => location.Schema is { } schema
        ? $"{location.Display} has no tables in schema '{schema}'. Name the schema that holds them with ?schema=NAME, "
            + "or point duckface at the database that does."
        : $"{location.Display} has no tables. Point duckface at the database that holds the data.";
}
