using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Gives a date-time or time value a fraction of a second with the profiled share (issue 12): a non-zero fraction of
/// exactly the profiled digits' resolution (uniform over 1 to 10^digits − 1 units), at most the digits the column holds.
/// Draws on its own stream, so the whole seconds drawn before are the same as without fractions.
/// </summary>
internal sealed class SecondFractionDraw
{
    private readonly ulong _stream;
    private readonly double _share;
    private readonly long _unit;
    private readonly ulong _units;
    private readonly long _minTicks;
    private readonly long _maxTicks;

    /// <param name="fractions">The share and digits, already bounded by the column's precision.</param>
    /// <param name="minTicks">The profiled minimum, in ticks (of the instant or of the duration).</param>
    /// <param name="maxTicks">The profiled maximum: a value with its fraction stays within both.</param>
    /// <param name="stream">The column's stream (mixed here, so the fraction's draws are its own).</param>
    public SecondFractionDraw(SecondFractions fractions, long minTicks, long maxTicks, ulong stream)
    {
        _stream = StableHash.Mix(stream ^ 0xF4AC_7105UL);
        _share = fractions.Share;
        var digits = Math.Clamp(fractions.Digits, 1, SecondFractions.MaxDigits);
        _units = (ulong)Math.Pow(10, digits);
        _unit = TimeSpan.TicksPerSecond / (long)_units;
        _minTicks = minTicks;
        _maxTicks = maxTicks;
    }

    /// <summary>The value with the row's fraction, when the row draws one; any other value unchanged.</summary>
    public object Apply(object value, long row)
    {
        if (value is not (DateTime or TimeSpan) || StableHash.Uniform(_stream, row, 1) >= _share)
            return value;
        var fraction = (long)(1 + StableHash.At(_stream, row, 2) % (_units - 1)) * _unit;
        return value switch
        {
            DateTime t => new DateTime(Within(t.Ticks, fraction), DateTimeKind.Unspecified),
            TimeSpan d => new TimeSpan(Within(d.Ticks, fraction)),
            _ => value,
        };
    }

    /// <summary>The whole second plus the fraction; the second before plus it when that passes the maximum; unchanged
    /// when neither fits (a range narrower than a second) or the value already has a fraction.</summary>
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

/// <summary>A sampler of whole seconds with <see cref="SecondFractionDraw"/> on top.</summary>
internal sealed class FractionSampler(ValueSampler inner, SecondFractionDraw fractions, ulong stream) : ValueSampler(stream)
{
    public override object Sample(long row) => fractions.Apply(inner.Sample(row), row);
}
