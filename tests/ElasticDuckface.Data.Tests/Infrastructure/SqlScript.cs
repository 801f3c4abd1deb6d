using System.Text;
using System.Text.RegularExpressions;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>
/// Splits a MySQL script into statements the way the <c>mariadb</c> client does for plain scripts: on <c>;</c> outside
/// quotes ('…', "…", `…`, with backslash escapes inside '…' and "…") and outside comments. Comments are dropped, except
/// executable <c>/*! … */</c> ones. <c>DELIMITER</c> is not supported.
/// </summary>
public static partial class SqlScript
{
    public static IReadOnlyList<string> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var statements = new List<string>();
        var current = new StringBuilder();
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            var next = i + 1 < script.Length ? script[i + 1] : '\0';
            if (c is '\'' or '"' or '`')
            {
                var end = EndOfQuoted(script, i);
                current.Append(script, i, end - i);
                i = end;
            }
            else if (c == '#' || (c == '-' && next == '-' && (i + 2 >= script.Length || char.IsWhiteSpace(script[i + 2]))))
            {
                var end = script.IndexOf('\n', i);
                i = end < 0 ? script.Length : end;
            }
            else if (c == '/' && next == '*')
            {
                var end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? script.Length : end + 2;
                if (i + 2 < script.Length && script[i + 2] == '!')
                    current.Append(script, i, end - i);
                else
                    current.Append(' ');
                i = end;
            }
            else if (c == ';')
            {
                Flush(current, statements);
                i++;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        Flush(current, statements);
        return statements;
    }

    /// <summary>
    /// Points a script's <c>DROP DATABASE</c>, <c>CREATE DATABASE</c> and <c>USE</c> lines for <paramref name="from"/> at
    /// <paramref name="to"/> instead, so a sample script loads into a fresh, uniquely named database.
    /// </summary>
    public static string RenameDatabase(string script, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(script);
        var quotedTo = "`" + to.Replace("`", "``", StringComparison.Ordinal) + "`";
        return DatabaseLine().Replace(script, m =>
            string.Equals(m.Groups["name"].Value.Trim('`'), from, StringComparison.OrdinalIgnoreCase)
                ? m.Groups["verb"].Value + quotedTo + m.Groups["tail"].Value
                : m.Value);
    }

    private static int EndOfQuoted(string s, int start)
    {
        var quote = s[start];
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }

            if (s[i] == quote)
            {
                if (i + 1 < s.Length && s[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return s.Length;
    }

    private static void Flush(StringBuilder current, List<string> statements)
    {
        var text = current.ToString().Trim();
        if (text.Length > 0)
            statements.Add(text);
        current.Clear();
    }

    [GeneratedRegex(@"^(?<verb>\s*(?:DROP\s+DATABASE\s+IF\s+EXISTS|DROP\s+DATABASE|CREATE\s+DATABASE|USE)\s+)(?<name>`[^`]+`|\w+)(?<tail>[^\n]*)$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseLine();
}
