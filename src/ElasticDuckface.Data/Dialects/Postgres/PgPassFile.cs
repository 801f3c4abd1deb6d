using System.Globalization;
using System.Text;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// PostgreSQL's password file as libpq reads it: <c>PGPASSFILE</c>, else <c>~/.pgpass</c>; lines
/// <c>hostname:port:database:username:password</c>, <c>*</c> matching anything, <c>\:</c> and <c>\\</c> escaping, the first
/// matching line winning; <c>localhost</c> also matches a Unix socket directory. Read here rather than left to Npgsql, so that
/// the password prompt (issue 12) knows whether the file gives one.
/// </summary>
internal static class PgPassFile
{
    /// <summary>The password the file gives for this connection, or null (no file, no matching line, unreadable).</summary>
    public static string? Find(string host, int port, string database, string user, IReadOnlyDictionary<string, string?>? environment)
    {
        var path = Path(environment);
        if (path is null || !File.Exists(path))
            return null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // libpq ignores a password file it cannot read; so does the connection, and the server then asks
            return null;
        }

        var wanted = new[] { host, port.ToString(CultureInfo.InvariantCulture), database, user };
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var fields = Split(line);
            if (fields.Count < 5)
                continue;
            var matches = true;
            for (var i = 0; i < 4 && matches; i++)
            {
                matches = fields[i] == "*" || string.Equals(fields[i], wanted[i], StringComparison.Ordinal)
                    || (i == 0 && host.StartsWith('/') && string.Equals(fields[0], "localhost", StringComparison.Ordinal));
            }

            if (matches)
                return fields[4];
        }

        return null;
    }

    private static string? Path(IReadOnlyDictionary<string, string?>? environment)
    {
        var file = environment is null ? Environment.GetEnvironmentVariable("PGPASSFILE") : environment.GetValueOrDefault("PGPASSFILE");
        if (!string.IsNullOrEmpty(file))
            return file;
        var home = environment is null
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)
            : environment.GetValueOrDefault("HOME");
        return string.IsNullOrEmpty(home) ? null : System.IO.Path.Combine(home, ".pgpass");
    }

    /// <summary>The fields of a line, split at unescaped colons; the last field (the password) keeps any further colons.</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
                field.Append(line[++i]);
            else if (c == ':' && fields.Count < 4)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }
}
