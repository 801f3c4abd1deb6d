using System.Globalization;
using System.Text;
using Bogus;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>Text of a detected shape. Bogus supplies human-looking values; its randomizer is reseeded per row.</summary>
internal sealed class TextSampler : ValueSampler
{
    private const string HexDigits = "0123456789abcdef";
    private readonly ColumnInfo _info;
    private readonly TextShape _shape;
    private readonly double[] _lengths;
    private const int WordPoolSize = 1024;
    // a Faker builds every Bogus data set (seconds over a schema's text columns): one per thread for every column, made on
    // first use; reseeded per row, so which thread or column used it before does not change a value, and no lock is needed
    [ThreadStatic]
    private static Faker? t_faker;
    private readonly string[] _words;
    private readonly int _longestWord;
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly int? _uuidVersion;

    public TextSampler(ColumnInfo info, TextDistribution d, ulong stream) : base(stream)
    {
        _info = info;
        _shape = d.Shape;
        _lengths = Sorted(d.Lengths.Count > 0 ? d.Lengths : [8]);
        _prefix = d.Prefix ?? "";
        _suffix = d.Suffix ?? "";
        _uuidVersion = d.UuidVersion;

        // Free text draws from a pool of Bogus lorem words made once per column (seeded from the column's stream), so a
        // row costs a few hash look-ups instead of reseeding Bogus.
        var pool = new Bogus.DataSets.Lorem { Random = new Randomizer((int)(stream >> 33)) };
        _words = new string[WordPoolSize];
        for (var i = 0; i < _words.Length; i++)
            _words[i] = pool.Word();
        _longestWord = _words.Max(w => w.Length);
    }

    public override object Sample(long row)
    {
        var target = (int)Math.Clamp(Math.Round(InverseCdf(_lengths, U(row, 1))), 0, Math.Min(_info.Length ?? 65_535, 65_535));
        if (_prefix.Length + _suffix.Length == 0)
            return Core(row, target);
        // the learned constant parts around the core (req-<uuid>, instance-<hex>); the profiled length is the whole value's
        return _info.Cut(_prefix + Core(row, Math.Max(1, target - _prefix.Length - _suffix.Length)) + _suffix);
    }

    private string Core(long row, int target)
    {
        switch (_shape)
        {
            case TextShape.Uuid:
                return _info.Cut(Uuid(StableHash.At(Stream, row, 2), StableHash.At(Stream, row, 3), _uuidVersion));
            case TextShape.Hex:
                return _info.Cut(FromHash(row, Math.Max(target, 1), HexDigits));
            case TextShape.Digits:
                return _info.Cut(FromHash(row, Math.Max(target, 1), "0123456789"));
            case TextShape.FreeText:
                return _info.Cut(Words(row, target, " "));
            case TextShape.Word:
                return _info.Cut(Words(row, Math.Max(target, 1), ""));
            case TextShape.Email:
                return _info.Cut(Email(row, Math.Max(target, 6)));
            case TextShape.Hostname:
                return _info.Cut(Hostname(row, Math.Max(target, 4), 40));
            case TextShape.Phone:
                return _info.Cut(Phone(row, Math.Max(target, 5)));
            case TextShape.Ipv4 when target is >= 7 and <= 15:
                return _info.Cut(Ipv4(row, target));
            case TextShape.Json when _info.Length is null || target <= _info.Length:
                return _info.Cut(Json(row, Math.Max(target, 2)));
        }

        var seed = (int)(StableHash.At(Stream, row, 2) >> 33);
        var faker = t_faker ??= new Faker();
        faker.Random = new Randomizer(seed);
        var text = _shape switch
        {
            TextShape.Ipv4 => faker.Internet.Ip(),
            TextShape.Ipv6 => faker.Internet.Ipv6(),
            TextShape.Mac => faker.Internet.Mac(),
            TextShape.Hostname => faker.Internet.DomainName(),
            TextShape.Email => faker.Internet.Email(),
            TextShape.Phone => faker.Phone.PhoneNumber(),
            TextShape.Name => faker.Name.FullName(),
            TextShape.FirstName => faker.Name.FirstName(),
            TextShape.LastName => faker.Name.LastName(),
            _ => Json(faker),
        };

        return _shape == TextShape.Json && _info.Length is null ? text : _info.Cut(text);
    }

    /// <summary>A UUID of the two words; with a version, RFC 4122 (the version nibble and the 10xx variant bits set).</summary>
    internal static string Uuid(ulong high, ulong low, int? version = null)
    {
        if (version is { } v)
        {
            high = (high & ~0xF000UL) | ((ulong)(v & 0xF) << 12);
            low = (low & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;
        }

        Span<char> c = stackalloc char[36];
        var n = 0;
        for (var i = 0; i < 32; i++)
        {
            if (i is 8 or 12 or 16 or 20)
                c[n++] = '-';
            var word = i < 16 ? high : low;
            c[n++] = HexDigits[(int)((word >> (60 - 4 * (i % 16))) & 0xF)];
        }

        return new string(c);
    }

    private string FromHash(long row, int length, string alphabet)
    {
        var sb = new StringBuilder(length);
        var word = 0UL;
        for (var i = 0; i < length; i++)
        {
            if (i % 10 == 0)
                word = StableHash.At(Stream, row, 3 + i / 10);
            sb.Append(alphabet[(int)(word % (ulong)alphabet.Length)]);
            word /= (ulong)alphabet.Length;
        }

        return sb.ToString();
    }

    private string Words(long row, int length, string separator)
    {
        if (length <= 0)
            return "";
        // built in a stack buffer (one string a value instead of a builder, its buffer and two strings): the words up to
        // the length, cut there, trailing white space trimmed unless nothing else is left
        var room = length + _longestWord + separator.Length;
        Span<char> text = room <= 1024 ? stackalloc char[room] : new char[room];
        var n = 0;
        for (var draw = 4; n < length; draw++)
        {
            if (n > 0)
            {
                separator.CopyTo(text[n..]);
                n += separator.Length;
            }

            var word = _words[(int)(StableHash.At(Stream, row, draw) % WordPoolSize)];
            word.CopyTo(text[n..]);
            n += word.Length;
        }

        ReadOnlySpan<char> cut = text[..length];
        var trimmed = cut.TrimEnd();
        return new string(trimmed.Length > 0 ? trimmed : cut);
    }

    private static readonly string[] s_topLevel = ["com", "org", "net", "io", "de", "br", "ca", "fr"];

    /// <summary>A host name of about <paramref name="length"/> characters: lower-case word labels and a top-level domain.</summary>
    private string Hostname(long row, int length, int draw)
    {
        var tld = s_topLevel[(int)(StableHash.At(Stream, row, draw) % (ulong)s_topLevel.Length)];
        var sb = new StringBuilder(length + 16);
        for (var d = draw + 1; sb.Length + 1 + tld.Length < length; d++)
        {
            if (sb.Length > 0)
                sb.Append(StableHash.At(Stream, row, d + 100) % 3 == 0 ? '.' : '-');
            sb.Append(_words[(int)(StableHash.At(Stream, row, d) % WordPoolSize)].ToLowerInvariant());
        }

        var room = Math.Max(1, length - 1 - tld.Length);
        if (sb.Length == 0)
            sb.Append('h');
        if (sb.Length > room)
            sb.Length = room;
        var label = sb.ToString().TrimEnd('.', '-');
        return (label.Length == 0 ? "h" : label) + "." + tld;
    }

    /// <summary>An e-mail address of about <paramref name="length"/> characters: words for the local part and a host name.</summary>
    private string Email(long row, int length)
    {
        var domain = Hostname(row, Math.Clamp(length / 2, 4, 30), 60);
        var local = Words(row, Math.Max(1, length - domain.Length - 1), ".").ToLowerInvariant().Trim('.');
        return (local.Length == 0 ? "x" : local) + "@" + domain;
    }

    /// <summary>A phone number of exactly <paramref name="length"/> characters: +C (AAA) NNN-NNNN, shortened as needed.</summary>
    private string Phone(long row, int length)
    {
        var digits = FromHash(row, length, "0123456789").ToCharArray();
        if (digits[0] == '0')
            digits[0] = '1';
        var d = new string(digits);
        if (length >= 17)
            return "+" + d[..(length - 16)] + " (" + d.Substring(3, 3) + ") " + d.Substring(6, 3) + "-" + d.Substring(9, 4);
        if (length >= 14)
            return "(" + d[..3] + ") " + d.Substring(3, 3) + "-" + d.Substring(6, length - 10);
        return length >= 6 ? d[..3] + "-" + d[3..(length - 1)] : d;
    }

    /// <summary>An address in 10.0.0.0/8 of exactly <paramref name="length"/> characters (7 to 14; the digits of the
    /// last three octets are spread to fit), or 192.168.ddd.ddd for 15.</summary>
    private string Ipv4(long row, int length)
    {
        if (length >= 15)
            return string.Create(CultureInfo.InvariantCulture,
                $"192.168.{100 + (int)(StableHash.At(Stream, row, 20) % 156)}.{100 + (int)(StableHash.At(Stream, row, 21) % 156)}");
        Span<int> digits = [1, 1, 1];
        var word = StableHash.At(Stream, row, 5);
        for (var extra = Math.Clamp(length - 8, 0, 6); extra > 0; word /= 3)
        {
            var i = (int)(word % 3);
            if (digits[i] < 3)
            {
                digits[i]++;
                extra--;
            }
            else
            {
                word++;
            }
        }

        var sb = new StringBuilder("10", length);
        for (var i = 0; i < 3; i++)
        {
            var h = StableHash.At(Stream, row, 20 + i);
            var octet = digits[i] switch { 1 => (int)(h % 10), 2 => 10 + (int)(h % 90), _ => 100 + (int)(h % 156) };
            sb.Append('.').Append(octet.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>A JSON object of exactly <paramref name="length"/> characters: "word":"words" pairs of up to ~48 characters.</summary>
    private string Json(long row, int length)
    {
        if (length < 8)
            return length >= 2 ? "{}" + new string(' ', length - 2) : "{}";
        var sb = new StringBuilder(length);
        sb.Append('{');
        for (var draw = 40; ; draw += 2)
        {
            var comma = sb.Length > 1 ? 1 : 0;
            var key = _words[(int)(StableHash.At(Stream, row, draw) % WordPoolSize)];
            var room = length - sb.Length - 1 - comma - 5; // the closing brace, a comma, two pairs of quotes and a colon
            if (room - key.Length < 1)
                key = "k";
            var value = room - key.Length;
            var last = value <= 48 + 8 + key.Length;
            if (!last)
                value = 8 + (int)(StableHash.At(Stream, row, draw + 1) % 40);
            if (comma == 1)
                sb.Append(',');
            sb.Append('"').Append(key).Append("\":\"").Append(Words(row + draw, value, " ").PadRight(value, 'x')).Append('"');
            if (last)
                break;
        }

        return sb.Append('}').ToString();
    }

    private static string Json(Faker faker) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"{faker.Lorem.Word()}\":\"{faker.Lorem.Word()}\",\"n\":{faker.Random.Int(0, 1000)}}}");
}
