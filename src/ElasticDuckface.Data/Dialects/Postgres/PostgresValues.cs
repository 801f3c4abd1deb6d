using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Npgsql;
using NpgsqlTypes;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// Binary COPY of the PostgreSQL types whose generated value is text or a number standing for something else (issue 12):
/// <c>interval</c>, network addresses, bit strings, <c>tsvector</c>, <c>xml</c> and arrays. A generated text that is a value
/// of the type (as the profile's categorical values are) is sent as that value; any other text is turned into a valid value
/// derived from it (a SHA-256 of the text, as <see cref="PostgresValueKind.Uuid"/> does), so equal texts stay equal and the
/// load never fails on a value.
/// </summary>
internal static partial class PostgresValues
{
    /// <summary>Whether <paramref name="kind"/> is written here.</summary>
    public static bool Handles(PostgresValueKind kind) => kind is PostgresValueKind.Interval or PostgresValueKind.Inet
        or PostgresValueKind.Cidr or PostgresValueKind.MacAddr or PostgresValueKind.MacAddr8 or PostgresValueKind.BitString
        or PostgresValueKind.VarBit or PostgresValueKind.TsVector or PostgresValueKind.Xml or PostgresValueKind.Array;

    /// <summary>Writes one non-null value of a kind <see cref="Handles"/> in the column's binary encoding.</summary>
    public static Task WriteAsync(NpgsqlBinaryImporter importer, PostgresColumn column, object value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentNullException.ThrowIfNull(column);
        return column.Kind switch
        {
            PostgresValueKind.Interval => importer.WriteAsync(Interval(value), NpgsqlDbType.Interval, cancellationToken),
            PostgresValueKind.Inet => importer.WriteAsync(Inet(PostgresCopy.Text(value)), NpgsqlDbType.Inet, cancellationToken),
            PostgresValueKind.Cidr => importer.WriteAsync(Cidr(PostgresCopy.Text(value)), NpgsqlDbType.Cidr, cancellationToken),
            PostgresValueKind.MacAddr => importer.WriteAsync(MacAddress(PostgresCopy.Text(value), 6), NpgsqlDbType.MacAddr,
                cancellationToken),
            PostgresValueKind.MacAddr8 => importer.WriteAsync(MacAddress(PostgresCopy.Text(value), 8), NpgsqlDbType.MacAddr8,
                cancellationToken),
            PostgresValueKind.BitString => importer.WriteAsync(Bits(value, column.Bits ?? 1, exact: true), NpgsqlDbType.Bit,
                cancellationToken),
            PostgresValueKind.VarBit => importer.WriteAsync(Bits(value, column.Bits, exact: false), NpgsqlDbType.Varbit,
                cancellationToken),
            PostgresValueKind.TsVector => importer.WriteAsync(TsVector(PostgresCopy.Text(value)), NpgsqlDbType.TsVector,
                cancellationToken),
            PostgresValueKind.Xml => importer.WriteAsync(Xml(PostgresCopy.Text(value)), NpgsqlDbType.Xml, cancellationToken),
            PostgresValueKind.Array => WriteArrayAsync(importer, column.Element, Elements(PostgresCopy.Text(value)), cancellationToken),
            _ => throw new ArgumentException($"{column.Kind} is not written by {nameof(PostgresValues)}.", nameof(column)),
        };
    }

    /// <summary>
    /// A duration: the generated <see cref="TimeSpan"/>, a number of seconds, or a text (a profile made before intervals were
    /// measured in seconds held their text: <c>01:30:00</c>, <c>2 days 03:00:00</c>; any other text gives a derived time of day).
    /// </summary>
    internal static TimeSpan Interval(object value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (value is TimeSpan t)
            return t;
        if (value is not string text)
            return TimeSpan.FromSeconds(Convert.ToDouble(value, inv));
        if (double.TryParse(text, NumberStyles.Float, inv, out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds)
            return TimeSpan.FromSeconds(seconds);
        var days = IntervalDays().Match(text);
        var rest = days.Success ? text[(days.Index + days.Length)..].Trim() : text.Trim();
        var time = rest.Length == 0 ? TimeSpan.Zero : TimeSpan.TryParse(rest, inv, out var parsed) ? parsed : (TimeSpan?)null;
        if (time is { } clock && (days.Success || rest.Length > 0))
            return clock + TimeSpan.FromDays(days.Success ? int.Parse(days.Groups[1].Value, inv) : 0);
        return TimeSpan.FromSeconds(BitConverter.ToUInt32(Derived(text, 4)) % 86_400);
    }

    /// <summary>An address with an optional netmask (<c>10.0.0.1/24</c>), or an IPv4 host derived from the text.</summary>
    internal static NpgsqlInet Inet(string text) =>
        Address(text) is var (address, mask) ? new NpgsqlInet(address, mask) : new NpgsqlInet(new IPAddress(Derived(text, 4)), 32);

    /// <summary>A network (<c>192.168.1.0/24</c>; host bits cleared, as cidr requires), or a /32 derived from the text.</summary>
    internal static IPNetwork Cidr(string text)
    {
        if (Address(text) is not var (address, mask))
            return new IPNetwork(new IPAddress(Derived(text, 4)), 32);
        var bytes = address.GetAddressBytes();
        for (var bit = (int)mask; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPNetwork(new IPAddress(bytes), mask);
    }

    /// <summary>A MAC address of <paramref name="length"/> bytes: parsed (<c>08:00:2b:01:02:03</c>), or derived from the text.</summary>
    internal static PhysicalAddress MacAddress(string text, int length)
    {
        var hex = HexDigits().Replace(text, "");
        return hex.Length == length * 2 && text.Length <= length * 3
            ? new PhysicalAddress(Convert.FromHexString(hex))
            : new PhysicalAddress(Derived(text, length));
    }

    /// <summary>
    /// A bit string: the low <paramref name="length"/> bits of a generated integer (bit(n) is profiled as its integer value),
    /// the 0/1 digits of a text, or bits derived from any other text; exactly <paramref name="length"/> long when
    /// <paramref name="exact"/> (bit(n)), else at most (bit varying(n); null: no limit).
    /// </summary>
    internal static BitArray Bits(object value, int? length, bool exact)
    {
        bool[] bits;
        if (value is long or int or short)
        {
            var n = Math.Clamp(length ?? PostgresTypes.MaxIntegerBits, 1, PostgresTypes.MaxIntegerBits);
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            bits = [.. Enumerable.Range(0, n).Select(i => ((number >> (n - 1 - i)) & 1) == 1)];
        }
        else
        {
            var text = PostgresCopy.Text(value);
            bits = text.Length > 0 && text.All(c => c is '0' or '1')
                ? [.. text.Select(c => c == '1')]
                : [.. Derived(text, 32).SelectMany(b => Enumerable.Range(0, 8).Select(i => ((b >> (7 - i)) & 1) == 1))
                    .Take(Math.Max(1, text.Length))];
        }

        if (length is { } limit && bits.Length > limit)
            bits = bits[..limit];
        if (exact && length is { } size && bits.Length < size)
            bits = [.. Enumerable.Repeat(false, size - bits.Length), .. bits];
        return new BitArray(bits);
    }

    /// <summary>A tsvector: the lexemes of its text form (<c>'fox':3 'quick':2</c>, positions dropped), else the text's words.</summary>
    internal static NpgsqlTsVector TsVector(string text)
    {
        var lexemes = TsVectorForm().IsMatch(text)
            ? TsVectorLexeme().Matches(text).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))
            : Words().Matches(text).Select(m => m.Value.ToLowerInvariant());
        var quoted = lexemes.Where(l => l.Length > 0)
            .Select(l => "'" + l.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'");
        // obsolete because it cannot parse every tsvector a user writes: here it reads only the quoted lexemes built above
#pragma warning disable CS0618
        return NpgsqlTsVector.Parse(string.Join(' ', quoted));
#pragma warning restore CS0618
    }

    /// <summary>XML content: the text when it is well-formed, else the text escaped as one text node.</summary>
    internal static string Xml(string text)
    {
        var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
            }

            return text;
        }
        catch (XmlException)
        {
            return SecurityElement.Escape(new string([.. text.Where(XmlConvert.IsXmlChar)]));
        }
    }

    /// <summary>
    /// The elements of a JSON array (<c>[1,2,"a b",null]</c>, as profiles measure arrays) or of an array's text form
    /// (<c>{1,2,"a b",NULL}</c>, also <c>[1:2]={…}</c>): quoted elements unescaped, an unquoted <c>NULL</c> as null, inner
    /// dimensions flattened; a text that is no array is one element.
    /// </summary>
    internal static List<string?> Elements(string text)
    {
        var s = text.Trim();
        if (s.StartsWith('[') && JsonElements(s) is { } json)
            return json;
        if (s.StartsWith('[') && s.IndexOf("={", StringComparison.Ordinal) is > 0 and var equals)
            s = s[(equals + 1)..];
        if (s.Length >= 2 && s[0] == '{' && s[^1] == '}')
            s = s[1..^1];
        var result = new List<string?>();
        if (s.Trim().Length == 0)
            return result;
        var element = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
                element.Append(s[++i]);
            else if (c == '"')
                (quoted, wasQuoted) = (!quoted, true);
            else if (c == ',' && !quoted)
            {
                result.Add(Element(element, wasQuoted));
                wasQuoted = false;
            }
            else if (quoted || c is not ('{' or '}'))
                element.Append(c);
        }

        result.Add(Element(element, wasQuoted));
        return result;
    }

    /// <summary>The elements of a JSON array (as profiles measure arrays), inner arrays flattened; null when it is not one.</summary>
    private static List<string?>? JsonElements(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var result = new List<string?>();
            Flatten(document.RootElement, result);
            return result;
        }
        catch (JsonException)
        {
            return null;
        }

        static void Flatten(JsonElement element, List<string?> into)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        Flatten(item, into);
                    break;
                case JsonValueKind.Null:
                    into.Add(null);
                    break;
                case JsonValueKind.String:
                    into.Add(element.GetString());
                    break;
                default:
                    into.Add(element.GetRawText());
                    break;
            }
        }
    }

    private static string? Element(StringBuilder element, bool wasQuoted)
    {
        var value = wasQuoted ? element.ToString() : element.ToString().Trim();
        element.Clear();
        return !wasQuoted && value.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    /// <summary>Writes the elements as an array of <paramref name="element"/>, leaving out those that are not its values.</summary>
    private static Task WriteArrayAsync(NpgsqlBinaryImporter importer, PostgresValueKind element, List<string?> items,
        CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var present = items.Where(i => i is not null).Select(i => i!.Trim()).ToList();
        return element switch
        {
            PostgresValueKind.Int16 => importer.WriteAsync(Parsed<short>(present, s => short.TryParse(s, inv, out var v) ? v : null),
                NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken),
            PostgresValueKind.Int32 => importer.WriteAsync(Parsed<int>(present, s => int.TryParse(s, inv, out var v) ? v : null),
                NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken),
            PostgresValueKind.Int64 => importer.WriteAsync(Parsed<long>(present, s => long.TryParse(s, inv, out var v) ? v : null),
                NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken),
            PostgresValueKind.Numeric => importer.WriteAsync(Parsed<decimal>(present,
                s => decimal.TryParse(s, NumberStyles.Float, inv, out var v) ? v : null), NpgsqlDbType.Array | NpgsqlDbType.Numeric,
                cancellationToken),
            PostgresValueKind.Real => importer.WriteAsync(Parsed<float>(present,
                s => float.TryParse(s, NumberStyles.Float, inv, out var v) ? v : null), NpgsqlDbType.Array | NpgsqlDbType.Real,
                cancellationToken),
            PostgresValueKind.Double => importer.WriteAsync(Parsed<double>(present,
                s => double.TryParse(s, NumberStyles.Float, inv, out var v) ? v : null), NpgsqlDbType.Array | NpgsqlDbType.Double,
                cancellationToken),
            PostgresValueKind.Boolean => importer.WriteAsync(Parsed<bool>(present, s => s.ToLowerInvariant() switch
            {
                "t" or "true" or "1" or "y" or "yes" or "on" => true,
                "f" or "false" or "0" or "n" or "no" or "off" => false,
                _ => null,
            }), NpgsqlDbType.Array | NpgsqlDbType.Boolean, cancellationToken),
            PostgresValueKind.Uuid => importer.WriteAsync(present.Select(s => PostgresCopy.Uuid(s)).ToArray(),
                NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken),
            _ => importer.WriteAsync(items.Select(i => i?.Replace("\0", "", StringComparison.Ordinal)).ToArray(),
                NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken),
        };
    }

    private static T[] Parsed<T>(List<string> items, Func<string, T?> parse)
        where T : struct =>
        [.. items.Select(parse).Where(v => v.HasValue).Select(v => v!.Value)];

    /// <summary>An IP address with its netmask (the address's full width when none is written), or null.</summary>
    private static (IPAddress Address, byte Mask)? Address(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text.Trim() : text[..slash].Trim();
        if (!IPAddress.TryParse(host, out var address) || host.Contains('%', StringComparison.Ordinal))
            return null;
        var width = address.GetAddressBytes().Length * 8;
        if (slash < 0)
            return (address, (byte)width);
        return byte.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mask) && mask <= width
            ? (address, mask)
            : null;
    }

    /// <summary><paramref name="count"/> bytes derived from the text (SHA-256), the same for the same text.</summary>
    private static byte[] Derived(string text, int count) => SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, count).ToArray();

    [GeneratedRegex(@"^\s*(-?\d{1,6})\s+days?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IntervalDays();

    [GeneratedRegex("[^0-9a-fA-F]", RegexOptions.CultureInvariant)]
    private static partial Regex HexDigits();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"^\s*('(?:[^']|'')*'(:[0-9A-Da-d,]+)?\s*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TsVectorForm();

    [GeneratedRegex(@"'((?:[^']|'')*)'", RegexOptions.CultureInvariant)]
    private static partial Regex TsVectorLexeme();
}
