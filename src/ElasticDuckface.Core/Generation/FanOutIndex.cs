namespace ElasticDuckface.Generation;

/// <summary>
/// The parents of one foreign key laid out in runs, parent p owning positions [Start(p), Start(p + 1)) of the child
/// sequence (its fan-out long), with a lookup from a position to its parent in a few steps: per-parent state only, about
/// six bytes a parent, instead of the sequence itself (an entry per child).
/// </summary>
internal sealed class FanOutIndex
{
    // cumulative fan-outs: int while the children fit (every real table), long beyond
    private readonly int[]? _startsInt;
    private readonly long[]? _startsLong;
    private readonly int[] _bucket;
    private readonly int _shift;

    public FanOutIndex(int[] fanOut)
    {
        ArgumentNullException.ThrowIfNull(fanOut);
        Parents = fanOut.Length;
        long total = 0;
        foreach (var k in fanOut)
            total += k;
        Children = total;
        if (total <= int.MaxValue)
            _startsInt = new int[fanOut.Length + 1];
        else
            _startsLong = new long[fanOut.Length + 1];
        long sum = 0;
        for (var p = 0; p < fanOut.Length; p++)
        {
            sum += fanOut[p];
            SetStart(p + 1, sum);
        }

        // buckets of 2^shift positions, about two to four children a bucket, each naming the parent of its first position
        var perParent = Parents == 0 ? 1 : Math.Max(1, total / Parents);
        _shift = 64 - (int)long.LeadingZeroCount(perParent);
        _bucket = new int[(int)(total >> _shift) + 1];
        var parent = 0;
        for (var b = 0; b < _bucket.Length; b++)
        {
            var position = (long)b << _shift;
            while (parent < Parents - 1 && Start(parent + 1) <= position)
                parent++;
            _bucket[b] = parent;
        }
    }

    /// <summary>The number of parents.</summary>
    public int Parents { get; }

    /// <summary>The number of child positions (the fan-outs' sum).</summary>
    public long Children { get; }

    /// <summary>The largest fan-out.</summary>
    public long MaxFanOut
    {
        get
        {
            long max = 0;
            for (var p = 0; p < Parents; p++)
                max = Math.Max(max, Start(p + 1) - Start(p));
            return max;
        }
    }

    /// <summary>The first position of parent <paramref name="parent"/>'s run.</summary>
    public long Start(int parent) => _startsInt is { } s ? s[parent] : _startsLong![parent];

    /// <summary>The parent whose run holds <paramref name="position"/> (0 ≤ position &lt; <see cref="Children"/>).</summary>
    public int Parent(long position)
    {
        var p = _bucket[position >> _shift];
        while (Start(p + 1) <= position)
            p++;
        return p;
    }

    private void SetStart(int index, long value)
    {
        if (_startsInt is { } s)
            s[index] = (int)value;
        else
            _startsLong![index] = value;
    }
}
