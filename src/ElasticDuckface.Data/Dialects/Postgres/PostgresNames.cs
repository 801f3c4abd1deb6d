namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>PostgreSQL identifier quoting and naming limits.</summary>
internal static class PostgresNames
{
    /// <summary>Identifiers longer than this many bytes are cut by the server (NAMEDATALEN - 1).</summary>
    public const int MaxLength = 63;

    /// <summary>Quotes an identifier with double quotes, doubling any double quote inside it.</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A string literal.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
