namespace ElasticDuckface.Generation;

/// <summary>
/// A value computed once on first use (thread-safe) that can be dropped and is then computed again on the next use.
/// The generator's per-table state (parent assignments, ranks) is a pure function of the plan, so dropping it once a
/// table is written frees its memory without changing any row.
/// </summary>
internal sealed class ResettableLazy<T>(Func<T> compute)
    where T : class
{
    private readonly Lock _gate = new();
    private volatile T? _value;

    public T Value
    {
        get
        {
            var value = _value;
            if (value is not null)
                return value;
            lock (_gate)
                return _value ??= compute();
        }
    }

    /// <summary>Drops the value; the next <see cref="Value"/> computes it again.</summary>
    public void Reset()
    {
        lock (_gate)
            _value = null;
    }
}
