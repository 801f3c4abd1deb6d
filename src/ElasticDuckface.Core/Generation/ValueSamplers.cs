using System.Globalization;
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
