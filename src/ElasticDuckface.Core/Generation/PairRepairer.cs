namespace ElasticDuckface.Generation;

/// <summary>
/// Keeps the (first, second) parent pairs of a composite key distinct without changing either key's fan-out: a duplicate
/// swaps its second parent with a row of another group, probing a bounded number of random rows; the few it leaves are
/// fixed by an alternating path (<see cref="PairPaths"/>), and only when no distinct pairing of these fan-outs exists
/// (or the paths' budget is spent) does a duplicate take any second parent not yet used in its group.
/// </summary>
/// <remarks>
/// <para>Each swap and each path moves second parents between rows, so every second parent keeps its rows and every
/// first parent its rows: both fan-outs are the allocated ones (ADR 0006, "Link tables: the pair density"; before, the
/// last resort ran as soon as 32 probes failed, moving fan-out from the busiest second parents to idle ones).</para>
/// <para>An instance keeps its pair counts for the next repair of the same shape: the fan-out correlator repairs a copy of
/// every candidate pairing of the same rows, and a fresh table of tens of megabytes per candidate cost its zeroing and a
/// collection of the large-object heap. The counts are exact whichever <see cref="IPairCounts"/> holds them, so the
/// result is the same.</para>
/// </remarks>
internal sealed class PairRepairer
{
    private IPairCounts? _counts;
    private (long Keys, int Rows) _shape;

    /// <summary>Whether a small key space is counted in bits (<see cref="PairCountGrid"/>); tests turn it off to compare.</summary>
    internal bool UseGrid { get; init; } = true;

    /// <summary>How many duplicates the last <see cref="Run"/> could not fix without moving a fan-out (no distinct pairing
    /// of the fan-outs exists, or, on a large table, the path searches' budget ran out); for tests.</summary>
    internal int Unpaired { get; private set; }

    /// <summary>Repairs <paramref name="second"/> in place so that no (first, second) pair of non-NULL parents repeats.</summary>
    /// <param name="first">Per row, the first key's parent index, or -1 for NULL; not changed.</param>
    /// <param name="second">Per row, the second key's parent index, or -1 for NULL.</param>
    /// <param name="secondParents">The second key's parent row count.</param>
    /// <param name="seed">The second key's stream, for the probes.</param>
    public static void Repair(int[] first, int[] second, int secondParents, ulong seed) =>
        new PairRepairer().Run(first, second, secondParents, seed);

    /// <summary>As <see cref="Repair"/>, reusing this instance's counts when the shape is the same as last time.</summary>
    public void Run(int[] first, int[] second, int secondParents, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var rows = first.Length;
        var (count, groups) = Counts(first, secondParents);
        long Key(int g, int v) => (long)g * secondParents + v;
        for (var r = 0; r < rows; r++)
        {
            if (first[r] >= 0 && second[r] >= 0)
                count.Add(Key(first[r], second[r]), 1);
        }

        List<int>? hard = null;
        for (var r = 0; r < rows; r++)
        {
            var g = first[r];
            var v = second[r];
            if (g < 0 || v < 0 || count.Get(Key(g, v)) < 2)
                continue;
            var fixedIt = false;
            for (var attempt = 0; attempt < 32 && !fixedIt; attempt++)
            {
                var j = (int)(StableHash.At(seed, r, 100 + attempt) % (ulong)rows);
                var gj = first[j];
                var vj = second[j];
                if (gj < 0 || vj < 0 || gj == g || vj == v
                    || count.Get(Key(g, vj)) > 0 || count.Get(Key(gj, v)) > 0)
                    continue;
                count.Add(Key(g, v), -1);
                count.Add(Key(gj, vj), -1);
                count.Set(Key(g, vj), 1);
                count.Set(Key(gj, v), 1);
                (second[r], second[j]) = (vj, v);
                fixedIt = true;
            }

            if (!fixedIt)
                (hard ??= []).Add(r);
        }

        Unpaired = 0;
        if (hard is null)
            return;
        // the probes' leftovers: a path search over every row, which finds a fix whenever a distinct pairing exists
        var paths = new PairPaths(first, second, groups, secondParents, count, seed);
        foreach (var r in hard)
        {
            if (count.Get(Key(first[r], second[r])) < 2 || paths.Fix(r))
                continue;
            Unpaired++;
            var from = second[r];
            LastResort(r, first[r], second, secondParents, count, seed);
            paths.Moved(r, from);
        }
    }

    // no distinct pairing of these fan-outs: the duplicate takes a second parent its group lacks (that fan-out moves)
    private static void LastResort(int r, int g, int[] second, int secondParents, IPairCounts count, ulong seed)
    {
        var v = second[r];
        var start = (int)(StableHash.At(seed, r, 99) % (ulong)secondParents);
        for (var step = 0; step < secondParents; step++)
        {
            var candidate = (start + step) % secondParents;
            if (count.Get(((long)g * secondParents) + candidate) == 0)
            {
                count.Add(((long)g * secondParents) + v, -1);
                count.Set(((long)g * secondParents) + candidate, 1);
                second[r] = candidate;
                return;
            }
        }
    }

    /// <summary>Empty counts for these keys: bits over the key space when it is small enough (<see cref="PairCountGrid"/>),
    /// else an open-addressing table sized to the rows.</summary>
    private (IPairCounts Counts, int Groups) Counts(int[] first, int secondParents)
    {
        var groups = 0;
        foreach (var g in first)
            groups = Math.Max(groups, g + 1);
        var shape = ((long)groups * secondParents, first.Length);
        if (_counts is not null && shape == _shape)
            _counts.Clear();
        else
        {
            _counts = UseGrid && PairCountGrid.Fits(shape.Item1, shape.Item2)
                ? new PairCountGrid(shape.Item1)
                : new PairCounts(shape.Item2);
            _shape = shape;
        }

        return (_counts, groups);
    }
}
