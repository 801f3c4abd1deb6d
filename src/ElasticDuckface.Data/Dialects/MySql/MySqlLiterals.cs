using System.Text;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// MySQL/MariaDB literals: strings with mysqldump's backslash escapes, and the row values of docs/adr/0002-row-values.md.
/// The one place that escapes a value for MySQL SQL text (DDL enum members and defaults, script INSERTs).
/// </summary>
/// <remarks>Backslash escapes need a session without <c>NO_BACKSLASH_ESCAPES</c>, as mysqldump output does.</remarks>
internal static class MySqlLiterals
{
    /// <summary>
    /// A single-quoted string literal with backslash escapes as mysqldump writes them: NUL, LF, CR, backslash, quote and Ctrl-Z.
    /// </summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\0': sb.Append("\\0"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\u001a': sb.Append("\\Z"); break;
                default: sb.Append(ch); break;
            }
        }

        return sb.Append('\'').ToString();
    }

    /// <summary>A row value as a literal: NULL, a number, a quoted and escaped string, or 0x hex for binary.</summary>
    /// <param name="value">An ADR-0002 value (other formattable values are written invariantly, quoted).</param>
    /// <param name="category">The column's category: a <see cref="DateTime"/> of a Date column is written without a time.</param>
    public static string Value(object? value, ColumnCategory category) => value switch
    {
        null or DBNull => "NULL",
        string s => String(s),
        long l => RowValueText.Integer(l),
        decimal m => RowValueText.Decimal(m),
        double d => RowValueText.Double(d),
        float f => RowValueText.Double(f),
        bool b => b ? "1" : "0",
        byte[] { Length: 0 } => "''",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTime dt => "'" + (category == ColumnCategory.Date ? RowValueText.Date(dt) : RowValueText.DateTime(dt)) + "'",
        TimeSpan ts => "'" + RowValueText.Time(ts) + "'",
        int or short or sbyte or byte or uint or ushort or ulong => RowValueText.Format(value, false)!,
        _ => String(RowValueText.Format(value, category == ColumnCategory.Date) ?? ""),
    };
}
