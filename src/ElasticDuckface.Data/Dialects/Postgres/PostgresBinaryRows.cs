using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// Encodes generated rows (ADR 0002 types) straight into PostgreSQL's binary COPY format, in a byte buffer: a row is its
/// field count (int16), then per field its length (int32, -1 for NULL) and its big-endian payload, as <c>COPY</c>'s
/// documentation and the types' <c>*_send</c> functions define them. The COPY stream then only sends bytes
/// (<see cref="Npgsql.NpgsqlConnection.BeginRawBinaryCopyAsync(string, CancellationToken)"/>): no per-value call, no boxing
/// beyond the generated row's own. The values are the ones Npgsql's typed writes send for the same inputs (test:
/// <c>PostgresBinaryRowsTests</c>, both paths into the same table, every row compared).
/// </summary>
/// <remarks>
/// Only the common kinds are encoded here (<see cref="Encodes(PostgresValueKind)"/>); a table with any other column
/// (money, addresses, bit strings, tsvector, xml, arrays) is loaded through Npgsql's typed binary import as before.
/// </remarks>
internal sealed class PostgresBinaryRows
{
    /// <summary>2000-01-01, PostgreSQL's epoch, in .NET ticks.</summary>
    private const long EpochTicks = 630_822_816_000_000_000;

    /// <summary>2000-01-01 as a <see cref="DateOnly.DayNumber"/>.</summary>
    private const int EpochDay = 730_119;

    /// <summary>The COPY binary header: signature, flags (0), header extension length (0).</summary>
    internal static ReadOnlySpan<byte> Header =>
        [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n',
            0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The COPY binary trailer: a field count of -1.</summary>
    internal static ReadOnlySpan<byte> Trailer => [0xff, 0xff];

    private readonly PostgresValueKind[] _kinds;
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    /// <summary>An encoder of rows of the columns' kinds, in row order (all of them <see cref="Encodes(PostgresValueKind)"/>).</summary>
    public PostgresBinaryRows(IReadOnlyList<PostgresColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _kinds = [.. columns.Select(c => c.Kind)];
    }

    /// <summary>The column of the value being encoded when an encoding fails (for the message).</summary>
    public int Column { get; private set; }

    /// <summary>The bytes encoded since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Whether every column is encoded here.</summary>
    public static bool Encodes(IEnumerable<PostgresColumn> columns) => columns.All(c => Encodes(c.Kind));

    /// <summary>Whether values of <paramref name="kind"/> are encoded here.</summary>
    public static bool Encodes(PostgresValueKind kind) => kind is PostgresValueKind.Int16 or PostgresValueKind.Int32
        or PostgresValueKind.Int64 or PostgresValueKind.Numeric or PostgresValueKind.Real or PostgresValueKind.Double
        or PostgresValueKind.Boolean or PostgresValueKind.Bit or PostgresValueKind.Text or PostgresValueKind.Bytea
        or PostgresValueKind.Date or PostgresValueKind.Timestamp or PostgresValueKind.TimestampTz or PostgresValueKind.Time
        or PostgresValueKind.TimeTz or PostgresValueKind.Json or PostgresValueKind.Jsonb or PostgresValueKind.Uuid
        or PostgresValueKind.Enum or PostgresValueKind.Interval;

    /// <summary>Forgets the bytes written (the buffer is kept).</summary>
    public void Clear() => _length = 0;

    /// <summary>Appends raw bytes (the header or the trailer).</summary>
    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Space(bytes.Length));

    /// <summary>Appends one row.</summary>
    public void Append(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        BinaryPrimitives.WriteInt16BigEndian(Space(2), (short)_kinds.Length);
        for (var c = 0; c < _kinds.Length; c++)
        {
            Column = c;
            if (row[c] is { } value)
                AppendValue(_kinds[c], value);
            else
                BinaryPrimitives.WriteInt32BigEndian(Space(4), -1);
        }
    }

    private void AppendValue(PostgresValueKind kind, object value)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case PostgresValueKind.Int16:
                Int32(2);
                BinaryPrimitives.WriteInt16BigEndian(Space(2), value is long s ? checked((short)s) : Convert.ToInt16(value, inv));
                break;
            case PostgresValueKind.Int32:
                Int32(4);
                BinaryPrimitives.WriteInt32BigEndian(Space(4), value is long i ? checked((int)i) : Convert.ToInt32(value, inv));
                break;
            case PostgresValueKind.Int64:
                Int64(value is long l ? l : Convert.ToInt64(value, inv));
                break;
            case PostgresValueKind.Numeric:
                Numeric(value is decimal d ? d : Convert.ToDecimal(value, inv));
                break;
            case PostgresValueKind.Real:
                Int32(4);
                BinaryPrimitives.WriteSingleBigEndian(Space(4), value is double f ? (float)f : Convert.ToSingle(value, inv));
                break;
            case PostgresValueKind.Double:
                Int32(8);
                BinaryPrimitives.WriteDoubleBigEndian(Space(8), value is double x ? x : Convert.ToDouble(value, inv));
                break;
            case PostgresValueKind.Boolean:
                Int32(1);
                Space(1)[0] = (value is bool b ? b : Convert.ToBoolean(value, inv)) ? (byte)1 : (byte)0;
                break;
            case PostgresValueKind.Bit:
                // bit(1): its length in bits, then the bits from the high end of the byte
                Int32(5);
                Int32(1);
                Space(1)[0] = (value is bool bit ? bit : Convert.ToBoolean(value, inv)) ? (byte)0x80 : (byte)0;
                break;
            case PostgresValueKind.Text or PostgresValueKind.Json or PostgresValueKind.Enum:
                Text(value, jsonb: false);
                break;
            case PostgresValueKind.Jsonb:
                Text(value, jsonb: true);
                break;
            case PostgresValueKind.Bytea:
                Bytes(value as byte[] ?? Encoding.UTF8.GetBytes(PostgresCopy.Text(value)));
                break;
            case PostgresValueKind.Date:
                Int32(4);
                Int32(Date(DateOnly.FromDateTime(DateTimeOf(value, utc: false))));
                break;
            case PostgresValueKind.Timestamp:
                Int64(Timestamp(DateTimeOf(value, utc: false)));
                break;
            case PostgresValueKind.TimestampTz:
                Int64(Timestamp(DateTimeOf(value, utc: true)));
                break;
            case PostgresValueKind.Time:
                Int64(PostgresCopy.TimeOfDay(value).Ticks / 10);
                break;
            case PostgresValueKind.TimeTz:
                // the time at UTC: a zone offset of 0 seconds
                Int32(12);
                Int64Payload(PostgresCopy.TimeOfDay(value).Ticks / 10);
                Int32(0);
                break;
            case PostgresValueKind.Interval:
                Interval(PostgresValues.Interval(value));
                break;
            case PostgresValueKind.Uuid:
                Int32(16);
                PostgresCopy.Uuid(value).TryWriteBytes(Space(16), bigEndian: true, out _);
                break;
            default:
                throw new NotSupportedException($"{kind} is not encoded by {nameof(PostgresBinaryRows)}.");
        }
    }

    /// <summary>A generated date and time; an offset one as its wall-clock time, or its UTC time for timestamptz.</summary>
    private static DateTime DateTimeOf(object value, bool utc) =>
        value is DateTimeOffset offset ? (utc ? offset.UtcDateTime : offset.DateTime) : (DateTime)value;

    /// <summary>Days since 2000-01-01; the first and last dates .NET has stand for -infinity and infinity, as Npgsql sends them.</summary>
    private static int Date(DateOnly date) =>
        date == DateOnly.MaxValue ? int.MaxValue : date == DateOnly.MinValue ? int.MinValue : date.DayNumber - EpochDay;

    /// <summary>Microseconds since 2000-01-01 (the ticks' full microseconds); MinValue/MaxValue are ±infinity, as Npgsql sends
    /// them.</summary>
    private static long Timestamp(DateTime value) =>
        value == DateTime.MaxValue ? long.MaxValue : value == DateTime.MinValue ? long.MinValue : (value.Ticks - EpochTicks) / 10;

    /// <summary>An interval: microseconds within the day, days, months (0), as Npgsql sends a <see cref="TimeSpan"/>.</summary>
    private void Interval(TimeSpan span)
    {
        Int32(16);
        Int64Payload((span.Ticks - (span.Days * TimeSpan.TicksPerDay)) / 10);
        Int32(span.Days);
        Int32(0);
    }

    /// <summary>
    /// A numeric: digit count, weight (of the first base-10000 digit), sign, display scale, then the base-10000 digits
    /// without leading or trailing zero digits; the display scale is the decimal's own scale, as Npgsql sends it.
    /// </summary>
    private void Numeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xff;
        var negative = bits[3] < 0;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        // align the fraction to whole base-10000 digits: 10^pad more, so the fraction holds (scale + pad) / 4 digits
        var pad = (4 - (scale % 4)) % 4;
        for (var p = 0; p < pad; p++)
            mantissa *= 10;
        var fractionDigits = (scale + pad) / 4;
        Span<short> digits = stackalloc short[16]; // least significant first: 2^96 × 1000 has at most 32 decimal digits
        var count = 0;
        while (mantissa != 0)
        {
            (mantissa, var digit) = UInt128.DivRem(mantissa, 10_000);
            digits[count++] = (short)digit;
        }

        var low = 0;
        while (low < count && digits[low] == 0)
            low++;
        var ndigits = count - low;
        var weight = ndigits == 0 ? 0 : count - fractionDigits - 1;
        Int32(8 + (2 * ndigits));
        var head = Space(8 + (2 * ndigits));
        BinaryPrimitives.WriteInt16BigEndian(head, (short)ndigits);
        BinaryPrimitives.WriteInt16BigEndian(head[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(head[4..], negative && ndigits > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(head[6..], (short)scale);
        for (var i = 0; i < ndigits; i++)
            BinaryPrimitives.WriteInt16BigEndian(head[(8 + (2 * i))..], digits[count - 1 - i]);
    }

    /// <summary>Text as UTF-8 (NUL characters dropped, as <see cref="PostgresCopy.Text"/>); jsonb first has its version byte, 1.</summary>
    private void Text(object value, bool jsonb)
    {
        var text = value is string s && !s.Contains('\0', StringComparison.Ordinal) ? s : PostgresCopy.Text(value);
        var prefix = jsonb ? 1 : 0;
        var room = Space(4 + prefix + Encoding.UTF8.GetMaxByteCount(text.Length));
        if (jsonb)
            room[4] = 1;
        var length = Encoding.UTF8.GetBytes(text, room[(4 + prefix)..]);
        BinaryPrimitives.WriteInt32BigEndian(room, prefix + length);
        _length -= room.Length - (4 + prefix + length);
    }

    private void Bytes(byte[] bytes)
    {
        Int32(bytes.Length);
        bytes.CopyTo(Space(bytes.Length));
    }

    private void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Space(4), value);

    private void Int64(long value)
    {
        Int32(8);
        Int64Payload(value);
    }

    private void Int64Payload(long value) => BinaryPrimitives.WriteInt64BigEndian(Space(8), value);

    /// <summary>The next <paramref name="count"/> bytes of the buffer, counted as written (grown when needed).</summary>
    private Span<byte> Space(int count)
    {
        if (_buffer.Length - _length < count)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
