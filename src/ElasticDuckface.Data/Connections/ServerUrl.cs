namespace ElasticDuckface.Data.Connections;

/// <summary>Edits of a server URL's text (<c>scheme://user:password@host:port/database?options</c>) that keep the rest.</summary>
public static class ServerUrl
{
    /// <summary>The same URL naming database <paramref name="name"/> (replacing the path, or adding one).</summary>
    public static string WithDatabase(string url, string name)
    {
        var (authorityEnd, queryStart) = Split(url);
        return url[..authorityEnd] + "/" + Uri.EscapeDataString(name) + url[queryStart..];
    }

    /// <summary>The same URL without its password (<c>user:secret@</c> becomes <c>user@</c>).</summary>
    public static string WithoutPassword(string url)
    {
        var redacted = DatabaseLocation.Redact(url);
        // Redact writes user:***@host; only a URL with a password changed
        return string.Equals(redacted, url, StringComparison.Ordinal)
            ? url
            : redacted.Replace(":***@", "@", StringComparison.Ordinal);
    }

    /// <summary>Where the authority ends and where the query starts (the text's end without one).</summary>
    private static (int AuthorityEnd, int QueryStart) Split(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
            throw new DuckfaceException($"'{DatabaseLocation.Redact(url)}' is not a server URL. Write scheme://user@host:port.");
        // the user info may hold '/', '?' or '@' (issue 12): the host starts after the last '@'
        var at = url.LastIndexOf('@');
        var host = at > start ? at + 1 : start + 3;
        var end = url.IndexOfAny(['/', '?'], host);
        if (end < 0)
            return (url.Length, url.Length);
        var query = url.IndexOf('?', end);
        return (end, query < 0 ? url.Length : query);
    }
}
