using System.Globalization;
using System.Text;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Generation;

/// <summary>
/// A bijection from an index (a row number, or a row's rank within its FK group) into a column's domain, so key values
/// are distinct without retry loops or hash sets.
/// </summary>
internal sealed class UniqueValues
{
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private readonly string _table;
    private readonly ColumnInfo _info;
    private readonly ulong _stream;
    private readonly AffinePermutation _stride;
    private readonly long _offset;
    private readonly Int128 _number;
    private readonly int _width;
    private readonly string _prefix = "";
    private readonly bool _uuid;
    private readonly int? _uuidVersion;
    private readonly string _alphabet = Base36;
    private readonly bool _textInteger;
    private readonly TextShape? _address;
    private readonly double[] _lengths = [];
    private readonly string _suffix = "";
    private readonly bool _sequence;

    /// <param name="table">The column's table, named in a refusal.</param>
    /// <param name="info">The column.</param>
    /// <param name="count">How many distinct values are needed.</param>
    /// <param name="stream">The column's seeded stream.</param>
    /// <param name="sequence">Whole numbers in row order (an auto-increment key) rather than a permutation.</param>
    /// <param name="keyPrefix">
    /// The characters (bytes for binary) a unique key compares of this column, when it is shorter than the column (MySQL
    /// <c>UNIQUE KEY (name(10))</c>): the distinct part of every value, which comes first, then fits in it, so values stay
    /// unique on the prefix; null when a key compares the whole column.
    /// </param>
    public UniqueValues(string table, ColumnInfo info, long count, ulong stream, bool sequence, int? keyPrefix = null)
    {
        _table = table;
        _info = info;
        _stream = stream;
        var stats = info.Column.Stats?.Distribution;
        switch (info.Category)
        {
            case ColumnCategory.Integer or ColumnCategory.Year or ColumnCategory.Decimal or ColumnCategory.Float:
                // in 128 bits: a BIGINT UNSIGNED range reaches 2^64 − 1, and its profiled values near it (1.8e19) are the range
                var (lo, hi) = NumericRange(stats);
                Int128 typeLo = info.Category is ColumnCategory.Integer or ColumnCategory.Year
                    ? info.IntMin
                    : info.Unsigned ? 0 : -(long)Math.Min(info.DecimalLimit, long.MaxValue / 2);
                var typeHi = info.Category is ColumnCategory.Integer or ColumnCategory.Year
                    ? (Int128)info.IntTop
                    : (long)Math.Min(Math.Floor(info.DecimalLimit), long.MaxValue / 2);
                lo = Int128.Clamp(lo ?? (sequence ? 1 : Int128.Max(typeLo, 1)), typeLo, typeHi);
                var span = (UInt128)(typeHi - lo.Value) + 1;
                if ((UInt128)count > span)
                {
                    lo = typeLo;
                    span = (UInt128)(typeHi - typeLo) + 1;
                }

                Require(count, span);
                _number = lo.Value;
                _sequence = sequence;
                var wanted = hi is { } h && h >= lo ? (UInt128)(Int128.Min(h, typeHi) - lo.Value) + 1 : (UInt128)count;
                var size = sequence ? (UInt128)count : UInt128.Min(span, UInt128.Max((UInt128)count, wanted));
                _stride = new AffinePermutation(Math.Max((ulong)UInt128.Min(size, ulong.MaxValue), 1), stream);
                break;
            case ColumnCategory.Date or ColumnCategory.DateTime or ColumnCategory.Time:
                var unit = info.Category == ColumnCategory.DateTime ? 86_400L : 1L;
                var domain = info.Category == ColumnCategory.Time ? 3_020_399L * 2 : 2_500_000L * unit;
                Require(count, (UInt128)domain);
                _stride = new AffinePermutation((ulong)Math.Min(domain, Math.Max(count, 36_500 * unit)), stream);
                _offset = stats is DateTimeDistribution { Quantiles.Count: > 0 } d
                    && ValueSampler.TryParseDate(d.Quantiles[0], out var first)
                    ? first.Ticks
                    : new DateTime(2000, 1, 1).Ticks;
                break;
            case ColumnCategory.Boolean:
                Require(count, 2);
                break;
            case ColumnCategory.Enum or ColumnCategory.Set:
                Require(count, (UInt128)info.EnumValues.Count);
                break;
            case ColumnCategory.Binary:
                _width = (int)Math.Min(Math.Min(info.Length ?? 8, 8), keyPrefix ?? 8);
                Require(count, _width >= 8 ? ulong.MaxValue : (UInt128)1 << (8 * _width));
                break;
            default:
                if (stats is NumericDistribution { Format: "0" })
                {
                    // integers stored as text: distinct integers from the profiled low end, written as text
                    var (textLo, textHi) = NumericRange(stats);
                    _offset = (long)(textLo ?? 1);
                    _textInteger = true;
                    var range = textHi is { } th && th >= _offset ? (ulong)(th - _offset) + 1 : (ulong)count;
                    _stride = new AffinePermutation(Math.Max(range, (ulong)Math.Max(count, 1)), stream);
                    break;
                }

                // a uuid or an address is distinct as a whole only: a shorter key prefix takes the plain core below
                var compared = Math.Min(info.Length ?? int.MaxValue, keyPrefix ?? int.MaxValue);
                if (stats is TextDistribution { Shape: TextShape.Uuid } uuid
                    && compared >= 36 + (uuid.Prefix?.Length ?? 0) + (uuid.Suffix?.Length ?? 0))
                {
                    (_uuid, _uuidVersion, _prefix, _suffix) = (true, uuid.UuidVersion, uuid.Prefix ?? "", uuid.Suffix ?? "");
                    break;
                }

                if (stats is TextDistribution { Shape: TextShape.Ipv4 or TextShape.Mac } address
                    && compared >= (address.Shape == TextShape.Ipv4 ? 15 : 17))
                {
                    // a private block when it is large enough (10.0.0.0/8, OpenStack's fa:16:3e MAC prefix), else the whole space
                    _address = address.Shape;
                    var bits = count <= 1L << 24 ? 24 : address.Shape == TextShape.Ipv4 ? 32 : 48;
                    Require(count, (UInt128)1 << bits);
                    _width = bits;
                    // up to 65,536 IPv4 keys fill 10.0.0.0/16 from the bottom, whole /24s at a time, as a DHCP range does
                    var block = address.Shape == TextShape.Ipv4 && count <= 1L << 16
                        ? (ulong)Math.Max(256, (count + 255) / 256 * 256)
                        : 1UL << bits;
                    _stride = new AffinePermutation(block, stream);
                    break;
                }

                if (stats is TextDistribution { Shape: TextShape.Digits or TextShape.Hex, Lengths.Count: > 0 } coded
                    && (coded.Prefix ?? coded.Suffix) is not null)
                {
                    // a counter or hash between constant parts (instance-%08x): the core keeps its alphabet and its width
                    _alphabet = coded.Shape == TextShape.Digits ? Base36[..10] : Base36[..16];
                    (_prefix, _suffix) = (coded.Prefix ?? "", coded.Suffix ?? "");
                    var typical = (int)coded.Lengths[coded.Lengths.Count / 2] - _prefix.Length - _suffix.Length;
                    var digits = 1;
                    for (var c = (ulong)_alphabet.Length; c < (ulong)count; c *= (ulong)_alphabet.Length)
                        digits++;
                    _width = Math.Clamp(Math.Max(digits, typical), 1, _alphabet.Length == 10 ? 18 : 15);
                    _stride = new AffinePermutation(Pow((ulong)_alphabet.Length, _width), stream);
                    break;
                }

                if (stats is TextDistribution { Lengths.Count: > 0 } text)
                {
                    _lengths = [.. text.Lengths.Order()];
                    _suffix = text.Shape switch { TextShape.Email => "@example.com", TextShape.Hostname => ".example.com", _ => "" };
                }

                var needed = 1;
                for (var c = 36UL; c < (ulong)count && needed < 12; c *= 36)
                    needed++;
                var max = Math.Min(info.Length ?? 64, keyPrefix ?? int.MaxValue);
                if (max < needed)
                {
                    var room = keyPrefix < (info.Length ?? 64) ? $"is unique on its first {max} characters (a key prefix)"
                        : $"is unique but holds only {max} characters";
                    throw new PlanValidationException($"Column '{info.Name}' {room}, "
                        + $"too few for {count} distinct values; lower the table's factor.");
                }

                // the core is as short as the profiled lengths allow (six characters, or fewer when the values are shorter)
                var shortest = _lengths.Length > 0 ? Math.Max(1, (int)_lengths[0]) : int.MaxValue;
                _width = Math.Min(Math.Max(needed, Math.Min(6, shortest)), Math.Min(max, 12));
                var prefix = Letters(info.Name);
                if (max >= _width + prefix.Length + 1 && prefix.Length > 0 && shortest >= _width + prefix.Length + 1)
                    _prefix = prefix + "-";
                _stride = new AffinePermutation(Pow(36, _width), stream);
                break;
        }
    }

    public object Value(long index)
    {
        switch (_info.Category)
        {
            case ColumnCategory.Integer or ColumnCategory.Year:
                var n = _number + (_sequence ? (ulong)index : _stride.Map((ulong)index));
                return n <= long.MaxValue ? (object)(long)n : (decimal)n;
            case ColumnCategory.Decimal:
                return (decimal)(_number + _stride.Map((ulong)index));
            case ColumnCategory.Float:
                return (double)(_number + _stride.Map((ulong)index));
            case ColumnCategory.Date:
                return new DateTime(_offset - _offset % TimeSpan.TicksPerDay, DateTimeKind.Unspecified).AddDays(_stride.Map((ulong)index));
            case ColumnCategory.DateTime:
                return _info.FromTicks(_offset - _offset % TimeSpan.TicksPerSecond
                    + (long)_stride.Map((ulong)index) * TimeSpan.TicksPerSecond);
            case ColumnCategory.Time:
                return TimeSpan.FromSeconds((long)_stride.Map((ulong)index) - 3_020_399L);
            case ColumnCategory.Boolean:
                return index != 0;
            case ColumnCategory.Enum or ColumnCategory.Set:
                return _info.EnumValues[(int)index];
            case ColumnCategory.Binary:
                var word = _width >= 8 ? StableHash.Mix((ulong)index ^ _stream) : (ulong)index;
                var bytes = new byte[_width];
                for (var i = 0; i < _width; i++)
                    bytes[i] = (byte)(word >> (8 * (_width - 1 - i)));
                return bytes;
            default:
                if (_uuid)
                {
                    var uuid = TextSampler.Uuid(StableHash.Mix((ulong)index ^ _stream), StableHash.At(_stream, index, 1), _uuidVersion);
                    return _prefix + uuid + _suffix;
                }
                var v = _stride.Map((ulong)index);
                if (_textInteger)
                    return (_offset + (long)v).ToString(CultureInfo.InvariantCulture);
                if (_address is { } shape)
                    return Address(shape, v);
                var sb = new StringBuilder(_prefix.Length + _width).Append(_prefix);
                Span<char> digits = stackalloc char[_width];
                var radix = (ulong)_alphabet.Length;
                for (var i = _width - 1; i >= 0; i--)
                {
                    digits[i] = _alphabet[(int)(v % radix)];
                    v /= radix;
                }

                sb.Append(digits);
                return _lengths.Length == 0 ? sb.Append(_alphabet.Length < 36 ? _suffix : "").ToString() : Pad(sb, index);
        }
    }

    /// <summary>
    /// The fixed-width unique core, padded with hash letters (and a shape's suffix) to a length drawn from the profiled
    /// length quantiles: the core comes first and has one width, so any padding keeps the values distinct.
    /// </summary>
    private string Pad(StringBuilder core, long index)
    {
        var u = StableHash.Uniform(_stream, index, 11);
        var target = (int)Math.Round(ValueSampler.InverseCdf(_lengths, u));
        target = Math.Min(target, (int)Math.Min(_info.Length ?? 255, 255));
        var suffix = target - core.Length >= _suffix.Length ? _suffix : "";
        var letters = target - core.Length - suffix.Length;
        var word = 0UL;
        for (var i = 0; i < letters; i++)
        {
            if (i % 12 == 0)
                word = StableHash.At(_stream, index, 12 + i / 12);
            core.Append((char)('a' + (int)(word % 26)));
            word /= 26;
        }

        return core.Append(suffix).ToString();
    }

    private string Address(TextShape shape, ulong v)
    {
        if (shape == TextShape.Ipv4)
        {
            return _width == 24
                ? string.Create(CultureInfo.InvariantCulture, $"10.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}")
                : string.Create(CultureInfo.InvariantCulture, $"{(v >> 24) & 0xFF}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}");
        }

        var bytes = _width == 24 ? (0xFA163EUL << 24) | v : v;
        return string.Join(':', Enumerable.Range(0, 6)
            .Select(i => ((bytes >> (8 * (5 - i))) & 0xFF).ToString("x2", CultureInfo.InvariantCulture)));
    }

    private void Require(long count, UInt128 domain)
    {
        if ((UInt128)count > domain)
            throw new PlanValidationException($"Column {_table}.{_info.Name} ({_info.Column.SqlType}) is unique but can hold only "
                + $"{domain} distinct values, fewer than the {count} rows planned; use a smaller --scale or --scale-table "
                + $"{_table}=FACTOR, or widen the column's type in the profile.");
    }

    /// <summary>
    /// The profiled range; quantiles up to 1e30 in 128 bits (they were dropped beyond 1e18, so keys near 2^64 began at 1).
    /// </summary>
    private static (Int128? Lo, Int128? Hi) NumericRange(Distribution? d) => d switch
    {
        SequenceDistribution s => (s.Min, s.Max),
        NumericDistribution { Quantiles.Count: > 0 } n when double.IsFinite(n.Quantiles[0]) && double.IsFinite(n.Quantiles[^1])
            && Math.Abs(n.Quantiles[0]) < 1e30 && Math.Abs(n.Quantiles[^1]) < 1e30
            => ((Int128)Math.Floor(n.Quantiles[0]), (Int128)Math.Ceiling(n.Quantiles[^1])),
        _ => (null, null),
    };

    private static string Letters(string name)
    {
        var sb = new StringBuilder(3);
        foreach (var c in name)
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
                sb.Append(char.ToLowerInvariant(c));
            if (sb.Length == 3)
                break;
        }

        return sb.ToString();
    }

    private static ulong Pow(ulong radix, int n)
    {
        var r = 1UL;
        for (var i = 0; i < n; i++)
            r *= radix;
        return r;
    }
}
