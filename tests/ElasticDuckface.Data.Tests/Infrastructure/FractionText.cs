using System.Text.RegularExpressions;

namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>Fractions of a second in a server's text of a time or date-time (issue 12).</summary>
internal static partial class FractionText
{
    /// <summary>
    /// The fraction digits a value uses, trailing zeros trimmed: <c>12:34:56.120000</c> → 2, <c>12:34:56</c> → 0,
    /// <c>05:06:07.1234+00</c> → 4.
    /// </summary>
    public static int Digits(string text)
    {
        var m = Fraction().Match(text);
        return m.Success ? m.Groups[1].Value.TrimEnd('0').Length : 0;
    }

    /// <summary>The share of values with a non-zero fraction.</summary>
    public static double Share(IReadOnlyCollection<string> texts) =>
        texts.Count == 0 ? 0 : (double)texts.Count(t => Digits(t) > 0) / texts.Count;

    [GeneratedRegex(@":\d\d\.(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Fraction();
}
