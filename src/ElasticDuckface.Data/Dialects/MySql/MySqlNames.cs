namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>MySQL identifier quoting.</summary>
internal static class MySqlNames
{
    /// <summary>Quotes an identifier with backticks, doubling any backtick inside it.</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
