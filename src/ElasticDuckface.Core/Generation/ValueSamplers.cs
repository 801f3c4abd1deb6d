using System.Globalization;
using System.Text;
using Bogus;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>Draws one non-null value for a row; every draw is a function of (stream, row, draw number).</summary>
internal abstract class ValueSampler(ulong stream)
{
    protected ulong Stream { get; } = stream;

    public abstract object Sample(long row);

    protected double U(long row, int draw) => StableHash.Uniform(Stream, row, draw);

    /// <summary>Builds the sampler for a distribution, falling back to a sensible value of the type; a date-time or time
    /// column with profiled fractions of a second gets them on the values drawn from its quantiles.</summary>
    public static ValueSampler Create(ColumnInfo info, Distribution? distribution, ulong stream, long distinct = 0)
    {
        var sampler = CreateWhole(info, distribution, stream, distinct);
        if (info.Fractions is not { } fractions)
            return sampler;
        return distribution switch
        {
            DateTimeDistribution { Quantiles.Count: > 0 } when sampler is DateTimeSampler dates
                => new FractionSampler(sampler, new SecondFractionDraw(fractions, dates.MinTicks, dates.MaxTicks, stream), stream),
            NumericDistribution { Quantiles.Count: > 0 } n when info.Category == ColumnCategory.Time => new FractionSampler(sampler,
                new SecondFractionDraw(fractions, SecondsToTicks(n.Quantiles.Min()), SecondsToTicks(n.Quantiles.Max()), stream), stream),
            _ => sampler,
        };
    }

    private static long SecondsToTicks(double seconds) =>
        (long)(Math.Clamp(double.IsFinite(seconds) ? seconds : 0, -3_020_399, 3_020_399) * TimeSpan.TicksPerSecond);

    private static ValueSampler CreateWhole(ColumnInfo info, Distribution? distribution, ulong stream, long distinct) => distribution switch
    {
        _ when info.Category == ColumnCategory.Enum && distribution is not CategoricalDistribution && info.EnumValues.Count > 0
            => new MemberSampler(info, stream),
        NumericDistribution { Quantiles.Count: > 0 } n => new NumericSampler(info, n.Quantiles, stream, n.Format),
        SequenceDistribution s => new NumericSampler(info, [s.Min, s.Max], stream),
        DateTimeDistribution { Quantiles.Count: > 0 } d => new DateTimeSampler(info, d, stream),
        CategoricalDistribution c when c.Values.Count > 0 || c.Other is not null => new CategoricalSampler(info, c, stream, distinct),
        TextDistribution t when info.IsText => new TextSampler(info, t, stream),
        JsonDistribution j when info.IsText => new JsonSampler(info, j, stream),
        BinaryDistribution b => new BinarySampler(info, b.Lengths, stream),
        BooleanDistribution b => new BooleanSampler(info, b.TrueFraction, stream),
        _ => Default(info, stream),
    };

    private static ValueSampler Default(ColumnInfo info, ulong stream) => info.Category switch
    {
        ColumnCategory.Integer or ColumnCategory.Decimal or ColumnCategory.Float
            => new NumericSampler(info, [Math.Max(0, info.IntMin), Math.Min(1000, info.IntMax)], stream),
        ColumnCategory.Year => new NumericSampler(info, [1990, 2030], stream),
        ColumnCategory.Boolean => new BooleanSampler(info, 0.5, stream),
        ColumnCategory.Date or ColumnCategory.DateTime => new DateTimeSampler(info,
            new DateTimeDistribution
            {
                HasTime = info.Category == ColumnCategory.DateTime,
                Quantiles = ["2000-01-01T00:00:00", "2025-12-31T23:59:59"]
            }, stream),
        ColumnCategory.Time => new NumericSampler(info, [0, 86_399], stream),
        ColumnCategory.Binary => new BinarySampler(info, [16, 16], stream),
        ColumnCategory.Enum or ColumnCategory.Set when info.EnumValues.Count > 0 => new MemberSampler(info, stream),
        ColumnCategory.Json => new TextSampler(info, new TextDistribution { Shape = TextShape.Json, Lengths = [2, 40] }, stream),
        _ => new TextSampler(info,
            new TextDistribution { Shape = TextShape.FreeText, Lengths = [1, Math.Min(info.Length ?? 32, 32)] }, stream),
    };

    /// <summary>A date/time as profiles write them (ISO-8601, <see cref="ColumnAnalyzer.DateTimeFormat"/>), or any
    /// invariant-culture date.</summary>
    public static bool TryParseDate(string text, out DateTime value) =>
        DateTime.TryParseExact(text, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>The CDF of evenly spaced quantiles at <paramref name="x"/>, by linear interpolation (the inverse of
    /// <see cref="InverseCdf"/>): 0 below the first, 1 from the last.</summary>
    public static double Cdf(double[] quantiles, double x)
    {
        if (quantiles.Length == 0 || x >= quantiles[^1])
            return 1;
        if (x < quantiles[0])
            return 0;
        var i = Array.BinarySearch(quantiles, x);
        if (i < 0)
            i = ~i - 1;
        while (i + 1 < quantiles.Length - 1 && quantiles[i + 1] <= x)
            i++;
        var span = quantiles[i + 1] - quantiles[i];
        var within = span > 0 ? (x - quantiles[i]) / span : 1;
        return (i + within) / (quantiles.Length - 1);
    }

    /// <summary>Inverse CDF of evenly spaced quantiles, by linear interpolation.</summary>
    public static double InverseCdf(double[] quantiles, double u)
    {
        if (quantiles.Length == 1)
            return quantiles[0];
        var pos = u * (quantiles.Length - 1);
        var i = Math.Min((int)pos, quantiles.Length - 2);
        return quantiles[i] + (quantiles[i + 1] - quantiles[i]) * (pos - i);
    }

    public static double[] Sorted(IReadOnlyList<double> values)
    {
        var a = new double[values.Count];
        for (var i = 0; i < a.Length; i++)
            a[i] = double.IsFinite(values[i]) ? values[i] : 0;
        Array.Sort(a);
        return a;
    }
}

/// <summary>Numbers by inverse CDF; for numbers or times of day stored as text, written in their profiled format.</summary>
internal sealed class NumericSampler(ColumnInfo info, IReadOnlyList<double> quantiles, ulong stream, string? format = null)
    : ValueSampler(stream)
{
    private readonly double[] _q = Sorted(quantiles);
    private readonly string? _format = info.IsText ? format : null;

    public override object Sample(long row)
    {
        var x = InverseCdf(_q, U(row, 1));
        if (_format is null)
            return info.FromDouble(x);
        if (!TextValueFormat.IsTimeOnly(_format))
            return info.Cut(TextValueFormat.Format(x, _format));
        var ticks = (long)(Math.Clamp(x, 0, 86_399.999) * TimeSpan.TicksPerSecond);
        return info.Cut(TextValueFormat.Format(new DateTime(ticks, DateTimeKind.Unspecified), _format));
    }
}

internal sealed class DateTimeSampler : ValueSampler
{
    private readonly ColumnInfo _info;
    private readonly double[] _ticks;
    private readonly bool _hasTime;
    private readonly string? _format;

    public DateTimeSampler(ColumnInfo info, DateTimeDistribution d, ulong stream) : base(stream)
    {
        _info = info;
        _hasTime = d.HasTime;
        _format = info.IsText ? d.Format : null;
        var ticks = new double[d.Quantiles.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = TryParseDate(d.Quantiles[i], out var dt) ? dt.Ticks : new DateTime(2000, 1, 1).Ticks;
        }

        _ticks = Sorted(ticks);
    }

    /// <summary>The first quantile, in ticks.</summary>
    public long MinTicks => (long)_ticks[0];

    /// <summary>The last quantile, in ticks.</summary>
    public long MaxTicks => (long)_ticks[^1];

    public override object Sample(long row)
    {
        var t = (long)InverseCdf(_ticks, U(row, 1));
        if (!_hasTime && _info.Category != ColumnCategory.Time)
        {
            t -= t % TimeSpan.TicksPerDay;
            // a first quantile moved off a rare midnight (to noon, issue 9) must not let the day fall below it
            if (t < _ticks[0] && t + TimeSpan.TicksPerDay <= _ticks[^1])
                t += TimeSpan.TicksPerDay;
        }

        // dates stored as text come back in the profiled format (whole seconds unless it writes fractions)
        return _format is null ? _info.FromTicks(t) : _info.Cut(TextValueFormat.Format(new DateTime(t, DateTimeKind.Unspecified), _format));
    }
}

internal sealed class BooleanSampler(ColumnInfo info, double trueFraction, ulong stream) : ValueSampler(stream)
{
    public override object Sample(long row)
    {
        var b = U(row, 1) < trueFraction;
        return info.Category == ColumnCategory.Boolean ? b : info.Convert(b ? 1L : 0L)!;
    }
}

internal sealed class MemberSampler(ColumnInfo info, ulong stream) : ValueSampler(stream)
{
    public override object Sample(long row) =>
        info.EnumValues[(int)Math.Min(info.EnumValues.Count - 1, U(row, 1) * info.EnumValues.Count)];
}

internal sealed class CategoricalSampler : ValueSampler
{
    private readonly object[] _values;
    private readonly double[] _cumulative;
    private readonly double _otherFraction;
    private readonly ValueSampler? _other;

    private readonly long _otherPool;

    /// <param name="info">The column.</param>
    /// <param name="d">The distribution.</param>
    /// <param name="stream">The column's stream.</param>
    /// <param name="distinct">The profiled distinct count: the rare values the profile did not keep are drawn from a
    /// pool of (distinct − kept) values, so a column of 24 countries stays a column of 24 countries at any scale; 0 when
    /// unknown (every rare draw is then a new value).</param>
    public CategoricalSampler(ColumnInfo info, CategoricalDistribution d, ulong stream, long distinct = 0) : base(stream)
    {
        var values = new List<object>(d.Values.Count);
        var weights = new List<double>(d.Values.Count);
        foreach (var v in d.Values)
        {
            if (info.FromText(v.Value) is { } converted && v.Frequency > 0 && double.IsFinite(v.Frequency))
            {
                values.Add(converted);
                weights.Add(v.Frequency);
            }
        }

        _values = [.. values];
        _cumulative = new double[weights.Count];
        double total = 0;
        for (var i = 0; i < weights.Count; i++)
            _cumulative[i] = total += weights[i];
        for (var i = 0; i < _cumulative.Length; i++)
            _cumulative[i] /= total;
        _other = d.Other is not null && d.OtherFraction > 0 ? Create(info, d.Other, StableHash.Mix(stream ^ 0x5EED)) : null;
        _otherFraction = _other is null ? 0 : _values.Length == 0 ? 1 : Math.Clamp(d.OtherFraction, 0, 1);
        if (_values.Length == 0 && _other is null)
            _other = Create(info, null, stream);
        _otherPool = d.OtherFraction > 0 ? Math.Max(0, distinct - _values.Length) : 0;
    }

    public override object Sample(long row)
    {
        var u = U(row, 1);
        if (_other is not null && (u < _otherFraction || _values.Length == 0))
            return _other.Sample(_otherPool > 0 ? (long)(StableHash.At(Stream, row, 7) % (ulong)_otherPool) : row);
        var v = _otherFraction > 0 ? (u - _otherFraction) / (1 - _otherFraction) : u;
        var i = Array.BinarySearch(_cumulative, v);
        i = i < 0 ? ~i : i;
        return _values[Math.Min(i, _values.Length - 1)];
    }
}

internal sealed class BinarySampler(ColumnInfo info, IReadOnlyList<double> lengths, ulong stream) : ValueSampler(stream)
{
    private readonly double[] _lengths = Sorted(lengths.Count > 0 ? lengths : [16]);

    public override object Sample(long row)
    {
        var n = (int)Math.Clamp(Math.Round(InverseCdf(_lengths, U(row, 1))), 0, Math.Min(info.Length ?? 1 << 20, 1 << 20));
        var bytes = new byte[n];
        for (var i = 0; i < n; i += 8)
        {
            var word = StableHash.At(Stream, row, 2 + (i >> 3));
            for (var j = 0; j < 8 && i + j < n; j++)
                bytes[i + j] = (byte)(word >> (8 * j));
        }

        return bytes;
    }
}

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
