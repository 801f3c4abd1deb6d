namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// The <c>[client]</c> options of a MySQL option file (<c>~/.my.cnf</c> or <c>?defaults-file=PATH</c>), as the mysql
/// client reads them: <c>user</c>, <c>password</c>, <c>host</c>, <c>port</c>, <c>socket</c>. Only these keys are read.
/// </summary>
internal sealed record MySqlOptionFile(string Path, IReadOnlyDictionary<string, string> Client)
{
    public string? Value(string key) => Client.TryGetValue(key, out var v) ? v : null;

    /// <summary>Reads <paramref name="path"/>; the <c>[client]</c> and <c>[duckface]</c> groups, the later winning.</summary>
    /// <exception cref="DuckfaceException">The file cannot be read (exit 5).</exception>
    public static MySqlOptionFile Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DuckfaceException($"Cannot read the MySQL option file '{path}': {ex.Message} Check defaults-file.",
                ExitCodes.OutputError, ex);
        }

        var client = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inGroup = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[')
            {
                var group = line.Trim('[', ']').Trim();
                inGroup = group.Equals("client", StringComparison.OrdinalIgnoreCase)
                    || group.Equals("duckface", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (!inGroup || eq <= 0)
                continue;
            // the mysql client writes keys with '-' or '_' alike and may quote a value
            var key = line[..eq].Trim().Replace('_', '-');
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
                value = value[1..^1];
            client[key] = value;
        }

        return new MySqlOptionFile(path, client);
    }

    /// <summary>The option file to use: the URL's <c>defaults-file</c>, else <c>~/.my.cnf</c> when it exists, else none.</summary>
    public static MySqlOptionFile? Find(string? defaultsFile, IReadOnlyDictionary<string, string?>? environment)
    {
        if (defaultsFile is not null)
            return Read(defaultsFile);
        var home = environment is null
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)
            : environment.GetValueOrDefault("HOME");
        if (string.IsNullOrEmpty(home))
            return null;
        var mine = System.IO.Path.Combine(home, ".my.cnf");
        return File.Exists(mine) ? Read(mine) : null;
    }
}
