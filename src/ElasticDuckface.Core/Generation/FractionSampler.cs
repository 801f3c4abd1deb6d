using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Gives a date-time or time value a fraction of a second with the profiled share (issue 12): a non-zero fraction of
/// exactly the profiled digits' resolution (uniform over 1 to 10^digits − 1 units), at most the digits the column holds.
/// Draws on its own stream, so the whole seconds the inner sampler chose are the same as without fractions.
/// </summary>
internal sealed class FractionSampler : ValueSampler
{
    private readonly ValueSampler _inner;
    private readonly double _share;
    private readonly long _unit;
    private readonly ulong _units;
    private readonly long _minTicks;
    private readonly long _maxTicks;

    /// <param name="inner">The sampler of the whole-second values.</param>
    /// <param name="fractions">The share and digits, already bounded by the column's precision.</param>
    /// <param name="minTicks">The profiled minimum, in ticks (of the instant or of the duration).</param>
    /// <param name="maxTicks">The profiled maximum: a value with its fraction stays within both.</param>
    /// <param name="stream">The column's stream.</param>
    public FractionSampler(ValueSampler inner, SecondFractions fractions, long minTicks, long maxTicks, ulong stream)
        : base(StableHash.Mix(stream ^ 0xF4AC_7105UL))
    {
        _inner = inner;
        _share = fractions.Share;
        var digits = Math.Clamp(fractions.Digits, 1, SecondFractions.MaxDigits);
        _units = (ulong)Math.Pow(10, digits);
        _unit = TimeSpan.TicksPerSecond / (long)_units;
        _minTicks = minTicks;
        _maxTicks = maxTicks;
    }

    public override object Sample(long row)
    {
        var value = _inner.Sample(row);
        if (value is not (DateTime or TimeSpan) || U(row, 1) >= _share)
            return value;
        var fraction = (long)(1 + StableHash.At(Stream, row, 2) % (_units - 1)) * _unit;
        return value switch
        {
            DateTime t => new DateTime(Within(t.Ticks, fraction), DateTimeKind.Unspecified),
            TimeSpan d => new TimeSpan(Within(d.Ticks, fraction)),
            _ => value,
        };
    }

    /// <summary>The whole second plus the fraction; the second before plus it when that passes the maximum; unchanged
    /// when neither fits (a range narrower than a second).</summary>
    private long Within(long ticks, long fraction)
    {
        if (ticks % TimeSpan.TicksPerSecond != 0)
            return ticks;
        if (ticks + fraction <= _maxTicks && ticks + fraction >= _minTicks)
            return ticks + fraction;
        var before = ticks - TimeSpan.TicksPerSecond + fraction;
        return before >= _minTicks && before <= _maxTicks ? before : ticks;
    }
}
