namespace ElasticDuckface.Data.Dialects.Sqlite;

/// <summary>
/// Finds a generated column's expression in its table's <c>CREATE TABLE</c> text: SQLite reports that a column is
/// generated (<c>pragma_table_xinfo</c>'s <c>hidden</c> 2 or 3) but not its expression, which only the SQL holds.
/// </summary>
internal static class SqliteGeneratedExpression
{
    /// <summary>
    /// The text inside <c>AS ( … )</c> of the definition of <paramref name="column"/>, or null when it cannot be found:
    /// the definition starts after the table's opening parenthesis or a top-level comma with the column's name (bare or
    /// quoted with <c>"</c>, <c>`</c> or <c>[ ]</c>) and ends at the next top-level comma or the closing parenthesis.
    /// </summary>
    public static string? Find(string createSql, string column)
    {
        ArgumentNullException.ThrowIfNull(createSql);
        ArgumentNullException.ThrowIfNull(column);
        var open = createSql.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
            return null;
        foreach (var (start, end) in Definitions(createSql, open + 1))
        {
            var definition = createSql[start..end].TrimStart();
            var (name, rest) = FirstToken(definition);
            if (!string.Equals(name, column, StringComparison.OrdinalIgnoreCase))
                continue;
            return Expression(rest);
        }

        return null;
    }

    /// <summary>The top-level comma-separated parts of the column list, as (start, end) offsets.</summary>
    private static IEnumerable<(int Start, int End)> Definitions(string sql, int from)
    {
        var depth = 0;
        var start = from;
        for (var i = from; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                i = EndOfQuoted(sql, i) - 1;
                continue;
            }

            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth-- == 0)
            {
                yield return (start, i);
                yield break;
            }
            else if (c == ',' && depth == 0)
            {
                yield return (start, i);
                start = i + 1;
            }
        }
    }

    /// <summary>The first token, unquoted, and the text after it.</summary>
    private static (string Name, string After) FirstToken(string text)
    {
        if (text.Length == 0)
            return ("", "");
        if (text[0] is '"' or '`' or '[')
        {
            var end = EndOfQuoted(text, 0);
            var close = text[0] == '[' ? "]" : text[0].ToString();
            var inner = text[1..(end - 1)].Replace(close + close, close, StringComparison.Ordinal);
            return (inner, text[end..]);
        }

        var i = 0;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '(')
            i++;
        return (text[..i], text[i..]);
    }

    /// <summary>The balanced parenthesised text after the first top-level <c>AS</c> of a definition's rest.</summary>
    private static string? Expression(string rest)
    {
        for (var i = 0; i + 1 < rest.Length; i++)
        {
            var c = rest[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                i = EndOfQuoted(rest, i) - 1;
                continue;
            }

            if (c == '(')
            {
                i = Close(rest, i);
                continue;
            }

            var word = (i == 0 || !char.IsLetterOrDigit(rest[i - 1]))
                && rest.AsSpan(i).StartsWith("AS", StringComparison.OrdinalIgnoreCase)
                && (i + 2 == rest.Length || !char.IsLetterOrDigit(rest[i + 2]));
            if (!word)
                continue;
            var open = i + 2;
            while (open < rest.Length && char.IsWhiteSpace(rest[open]))
                open++;
            if (open >= rest.Length || rest[open] != '(')
                return null;
            var close = Close(rest, open);
            return close < rest.Length ? rest[(open + 1)..close].Trim() : null;
        }

        return null;
    }

    /// <summary>The index of the parenthesis that closes the one at <paramref name="open"/> (the length when none does).</summary>
    private static int Close(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                i = EndOfQuoted(s, i) - 1;
                continue;
            }

            if (c == '(')
                depth++;
            else if (c == ')' && --depth == 0)
                return i;
        }

        return s.Length;
    }

    /// <summary>The index just past the quoted text starting at <paramref name="start"/> (a doubled quote stays inside).</summary>
    private static int EndOfQuoted(string s, int start)
    {
        var close = s[start] == '[' ? ']' : s[start];
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == close)
            {
                if (close != ']' && i + 1 < s.Length && s[i + 1] == close)
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
}
