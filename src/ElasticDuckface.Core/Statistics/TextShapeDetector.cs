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

    [GeneratedRegex(@"^\p{Lu}[\p{L}'-]+$")]
    private static partial Regex FirstNameRegex();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'-]*( [\p{L}'-]+){0,2}$")]
    private static partial Regex LastNameRegex();

    [GeneratedRegex(@"^\S+$")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")]
    private static partial Regex NameTokenRegex();

    private static readonly (TextShape Shape, Func<string, bool> Match)[] s_shapes =
    [
        (TextShape.Uuid, IsUuid),
        (TextShape.Mac, s => MacRegex().IsMatch(s)),
        (TextShape.Ipv4, s => Ipv4Regex().IsMatch(s)),
        (TextShape.Ipv6, s => s.Contains(':', StringComparison.Ordinal) && Ipv6Regex().IsMatch(s)),
        (TextShape.Email, s => EmailRegex().IsMatch(s)),
        (TextShape.Digits, s => DigitsRegex().IsMatch(s)),
        (TextShape.Hex, s => s.Length >= 8 && HexRegex().IsMatch(s)),
        (TextShape.Hostname, s => HostnameRegex().IsMatch(s)),
        (TextShape.Phone, s => PhoneRegex().IsMatch(s) && s.Count(char.IsDigit) >= 7),
        (TextShape.Json, s => s.Length >= 2 && ((s[0] == '{' && s[^1] == '}') || (s[0] == '[' && s[^1] == ']'))),
        (TextShape.Word, s => WordRegex().IsMatch(s)),
    ];

    /// <summary>The shapes a constant prefix or suffix may wrap (<c>req-&lt;uuid&gt;</c>, <c>instance-%08x</c>).</summary>
    private static readonly (TextShape Shape, Func<string, bool> Match)[] s_cores =
    [
        (TextShape.Uuid, IsUuid),
        (TextShape.Digits, s => DigitsRegex().IsMatch(s)),
        (TextShape.Hex, s => s.Length >= 8 && HexRegex().IsMatch(s)),
    ];

    /// <summary>Returns the first shape (most specific first) that at least 90% of the non-empty values match.</summary>
    /// <param name="values">The values.</param>
    /// <param name="columnName">The column's name: personal names are only detected where it names one.</param>
    public static TextShape Detect(IReadOnlyCollection<string> values, string? columnName = null) => Describe(values, columnName).Shape;

    /// <summary>
    /// The shape of the values with what a generator must keep: a constant prefix or suffix around a UUID, digits or hex
    /// (each value has it, so it singles nobody out), and the UUID version when 90% of the values carry the same one.
    /// Personal names come from the values and the column's name together: capitalised words in a column named like a
    /// first name, last name or name (<c>FirstName</c>, <c>surname</c>, <c>contact_name</c>); a job title is not a name.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="columnName">The column's name, or null when there is none (a JSON leaf).</param>
    /// <param name="affixes">Whether a prefix or suffix may be kept (false when fewer than k values share it).</param>
    public static TextShapeMatch Describe(IReadOnlyCollection<string> values, string? columnName, bool affixes = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        var nonEmpty = values.Where(v => v.Length > 0).ToList();
        if (nonEmpty.Count == 0)
            return new(TextShape.FreeText);
        var shape = First(nonEmpty, s_shapes) ?? TextShape.FreeText;
        if (shape == TextShape.Uuid)
            return new(shape) { UuidVersion = UuidVersion(nonEmpty) };
        if (affixes && shape is TextShape.Word or TextShape.FreeText or TextShape.Hostname && Affixed(nonEmpty) is { } affixed)
            return affixed;
        return NameShape(nonEmpty, columnName) is { } name ? new(name) : new(shape);
    }

    private static TextShape? First(List<string> values, (TextShape Shape, Func<string, bool> Match)[] shapes)
    {
        foreach (var (shape, match) in shapes)
        {
            if (Share(values, match) >= Threshold)
                return shape;
        }

        return null;
    }

    private static double Share(List<string> values, Func<string, bool> match)
    {
        var hits = 0;
        foreach (var v in values)
        {
            if (match(v))
                hits++;
        }

        return (double)hits / values.Count;
    }

    private static bool IsUuid(string s) => UuidRegex().IsMatch(s);

    /// <summary>The version every UUID (at least 90%) carries with the RFC 4122 variant (10xx), or null.</summary>
    private static int? UuidVersion(List<string> values)
    {
        var uuids = values.Where(IsUuid).ToList();
        foreach (var version in "14567")
        {
            if (Share(uuids, u => u[14] == version && u[19] is '8' or '9' or 'a' or 'b' or 'A' or 'B') >= Threshold)
                return version - '0';
        }

        return null;
    }

    /// <summary>
    /// A prefix and a suffix every value has, each ending (starting) at a separator, around a core of one shape; null when
    /// there is none. The longest common prefix is cut back to its last separator: "instance-0000002a" and
    /// "instance-0000002b" share "instance-0000002", whose last separator ends "instance-".
    /// </summary>
    private static TextShapeMatch? Affixed(List<string> values)
    {
        var prefix = values.Aggregate((a, b) => a[..Common(a, b, fromEnd: false)]);
        prefix = prefix[..(prefix.AsSpan().LastIndexOfAny(Separators) + 1)];
        var suffix = values.Aggregate((a, b) => a[^Common(a, b, fromEnd: true)..]);
        var start = suffix.AsSpan().IndexOfAny(Separators);
        suffix = start < 0 ? "" : suffix[start..];
        // an identifier's constant part is short and on one line; a shared paragraph around an id is text
        if (prefix.Length + suffix.Length == 0 || prefix.Length > MaxAffix || suffix.Length > MaxAffix
            || prefix.Any(char.IsControl) || suffix.Any(char.IsControl) || values.Any(v => v.Length <= prefix.Length + suffix.Length))
            return null;
        var cores = values.Select(v => v[prefix.Length..^suffix.Length]).ToList();
        if (First(cores, s_cores) is not { } core)
            return null;
        return new(core)
        {
            Prefix = prefix.Length > 0 ? prefix : null,
            Suffix = suffix.Length > 0 ? suffix : null,
            UuidVersion = core == TextShape.Uuid ? UuidVersion(cores) : null,
        };
    }

    private const int MaxAffix = 32;

    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create("-_:/. #=");

    private static int Common(string a, string b, bool fromEnd)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && (fromEnd ? a[^(n + 1)] == b[^(n + 1)] : a[n] == b[n]))
            n++;
        return n;
    }

    /// <summary>A personal-name shape when the column is named like one and 90% of the values look like one; else null.</summary>
    private static TextShape? NameShape(List<string> values, string? columnName)
    {
        if (columnName is null)
            return null;
        var tokens = NameTokenRegex().Matches(columnName).Select(m => m.Value.ToLowerInvariant()).ToList();
        var joined = string.Concat(tokens);
        var hasName = tokens.Contains("name") || joined.EndsWith("name", StringComparison.Ordinal);
        bool Has(params string[] words) => words.Any(w => tokens.Contains(w) || joined.Contains(w + "name", StringComparison.Ordinal));
        if (hasName && Has("first", "given", "fore") || joined is "fname" or "forename")
            return Share(values, s => FirstNameRegex().IsMatch(s)) >= Threshold ? TextShape.FirstName : null;
        if (hasName && Has("last", "family", "sur") || joined is "lname" or "surname")
            return Share(values, s => LastNameRegex().IsMatch(s)) >= Threshold ? TextShape.LastName : null;
        // "name", "full_name", "contact_name": but not a user, host, file or display name, which are identifiers
        if (!hasName || Has("user", "host", "file", "display", "key", "table", "column", "type", "node", "image", "domain"))
            return null;
        return Share(values, s => NameRegex().IsMatch(s)) >= Threshold ? TextShape.Name : null;
    }
}

/// <summary>A detected text shape with the constant parts around it (<see cref="TextShapeDetector.Describe"/>).</summary>
/// <param name="Shape">The shape of the values (of their core, between prefix and suffix).</param>
public sealed record TextShapeMatch(TextShape Shape)
{
    /// <summary>The text every value starts with, or null.</summary>
    public string? Prefix { get; init; }

    /// <summary>The text every value ends with, or null.</summary>
    public string? Suffix { get; init; }

    /// <summary>The RFC 4122 version the UUIDs carry, or null.</summary>
    public int? UuidVersion { get; init; }
}
