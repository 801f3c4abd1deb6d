using System.Globalization;

namespace ElasticDuckface.Generation;

/// <summary>
/// One of <see cref="Count"/> disjoint slices of every table (<c>generate --shard INDEX/COUNT</c>, issue 13): shard
/// <see cref="Index"/> holds the rows [n·i/N, n·(i+1)/N) of a table of n rows. Values depend on (seed, table, column,
/// row) only, so each shard computes its rows, and the parent keys they reference, without talking to the others; the
/// shards in index order are one unsharded run.
/// </summary>
/// <remarks>The index is 0-based, like a Kubernetes Indexed Job's <c>JOB_COMPLETION_INDEX</c> and a Spark partition id.</remarks>
/// <param name="Index">The 0-based shard index, 0 ≤ index &lt; count.</param>
/// <param name="Count">How many shards, at least 1.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The most shards accepted: far more than a cluster runs, small enough that n·(i+1) never overflows.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The whole table: shard 0 of 1.</summary>
    public static Shard Whole => new(0, 1);

    /// <summary>Whether this is the whole table (one shard).</summary>
    public bool IsWhole => Count == 1;

    /// <summary>The rows of this shard in a table of <paramref name="rows"/> rows: [First, First + Count).</summary>
    public (long First, long Count) Slice(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (Count < 1 || Index < 0 || Index >= Count)
            throw new InvalidOperationException($"Shard {this} is not valid: the index must be 0 to count - 1.");
        // 128-bit products: a table of up to long.MaxValue rows splits without overflow
        var first = (long)((Int128)rows * Index / Count);
        var end = (long)((Int128)rows * (Index + 1) / Count);
        return (first, end - first);
    }

    /// <summary>Parses <c>INDEX/COUNT</c> (0-based index, e.g. <c>0/4</c> … <c>3/4</c>).</summary>
    /// <exception cref="DuckfaceException">The text is not <c>INDEX/COUNT</c> with 0 ≤ INDEX &lt; COUNT ≤ <see cref="MaxCount"/>
    /// (usage error).</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= MaxCount)
        {
            if (index < count)
                return new Shard(index, count);
            throw new DuckfaceException($"--shard {text}: the index is 0-based, so it must be 0 to {count - 1} "
                + $"(e.g. --shard 0/{count} … --shard {count - 1}/{count}).", ExitCodes.Usage);
        }

        throw new DuckfaceException($"--shard must be INDEX/COUNT with a 0-based index, 0 <= INDEX < COUNT <= {MaxCount} "
            + $"(e.g. --shard 0/4; got '{text}').", ExitCodes.Usage);
    }

    /// <summary><c>INDEX/COUNT</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
