using System.Text.RegularExpressions;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>Detects the shape of text values: the shape at least 90% of the values match, most specific first.</summary>
public static partial class TextShapeDetector
{
    private const double Threshold = 0.9;

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(/\d{1,2})?$")]
    private static partial Regex Ipv4Regex();

    [GeneratedRegex(@"^[0-9a-fA-F:]{2,39}(/\d{1,3})?$")]
    private static partial Regex Ipv6Regex();

    [GeneratedRegex(@"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")]
    private static partial Regex MacRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$")]
    private static partial Regex HostnameRegex();

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^[0-9a-fA-F]+$")]
    private static partial Regex HexRegex();

    [GeneratedRegex(@"^\+?[0-9 ().-]{7,}$")]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'-]+( \p{Lu}[\p{L}'-]+){1,2}$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^\S+$")]
    private static partial Regex WordRegex();

    private static readonly (TextShape Shape, Func<string, bool> Match)[] s_shapes =
    [
        (TextShape.Uuid, s => UuidRegex().IsMatch(s)),
        (TextShape.Mac, s => MacRegex().IsMatch(s)),
        (TextShape.Ipv4, s => Ipv4Regex().IsMatch(s)),
        (TextShape.Ipv6, s => s.Contains(':', StringComparison.Ordinal) && Ipv6Regex().IsMatch(s)),
        (TextShape.Email, s => EmailRegex().IsMatch(s)),
        (TextShape.Digits, s => DigitsRegex().IsMatch(s)),
        (TextShape.Hex, s => s.Length >= 8 && HexRegex().IsMatch(s)),
        (TextShape.Hostname, s => HostnameRegex().IsMatch(s)),
        (TextShape.Phone, s => PhoneRegex().IsMatch(s) && s.Count(char.IsDigit) >= 7),
        (TextShape.Json, s => s.Length >= 2 && ((s[0] == '{' && s[^1] == '}') || (s[0] == '[' && s[^1] == ']'))),
        (TextShape.Name, s => NameRegex().IsMatch(s)),
        (TextShape.Word, s => WordRegex().IsMatch(s)),
    ];

    /// <summary>Returns the first shape (most specific first) that at least 90% of the non-empty values match.</summary>
    public static TextShape Detect(IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var nonEmpty = values.Where(v => v.Length > 0).ToList();
        if (nonEmpty.Count == 0)
            return TextShape.FreeText;
        foreach (var (shape, match) in s_shapes)
        {
            var hits = 0;
            foreach (var v in nonEmpty)
            {
                if (match(v))
                    hits++;
            }

            if (hits >= Threshold * nonEmpty.Count)
                return shape;
        }

        return TextShape.FreeText;
    }
}
