namespace ElasticDuckface.Generation;

/// <summary>
/// Fixes a duplicate (first, second) pair by an alternating path that moves second parents between rows, so that no
/// parent's fan-out changes: from the duplicate's group g, a second parent w₁ g lacks, a row (g₂, w₁) whose group lacks
/// some w₂, …, a row (gₖ, wₖ₋₁) whose group lacks the duplicate's v; the rows then take w₁, w₂, …, v. A breadth-first
/// search over groups finds such a path whenever a distinct pairing of the two fan-outs exists: the duplicate lies on an
/// alternating cycle of the difference between the current pairing and that one.
/// </summary>
/// <remarks>
/// <para>The rows are indexed by second parent (a counting sort, each row's slot kept), so a path updates the index in
/// place by rotating its rows' slots. The second parents a search has not reached yet are the front of one permutation
/// (a reached one is swapped behind the front), so a group's scan skips the reached ones at no cost: a search reads each
/// second parent's rows once and, per group, the parents the group holds, O(rows + second parents) in all.</para>
/// <para>Only the probes' leftovers come here, but where no distinct pairing exists every search fails after reading
/// everything; the searches share a budget of a few passes over the table (at least <see cref="BudgetFloor"/> reads),
/// and a duplicate left when it is spent is
/// reported as not fixed (the caller's last resort), so a large table cannot cost rows × duplicates. The permutation
/// starts as a shuffle from the seed and only moves with the searches, so the same inputs give the same repair.</para>
/// </remarks>
internal sealed class PairPaths
{
    /// <summary>How many passes over the rows and second parents all searches of one repair may read together.</summary>
    private const long BudgetPasses = 16;

    /// <summary>The budget's floor, a fraction of a second, so that a small table's repair is exact.</summary>
    private const long BudgetFloor = 1L << 26;

    private readonly int[] _first;
    private readonly int[] _second;
    private readonly int _secondParents;
    private readonly IPairCounts _count;
    private readonly int[] _start; // rows of second parent v: _byValue[_start[v] .. _start[v + 1])
    private readonly int[] _byValue;
    private readonly int[] _slot; // a row's index in _byValue
    private readonly int[] _unseen; // a permutation of the second parents: [0, _live) not yet reached by this search
    private readonly int[] _position; // a second parent's index in _unseen
    private readonly int[] _groupSeen; // the number of the search that last reached a group
    private readonly int[] _groupVia; // the row of the group's that the path moves
    private readonly int[] _valueFrom; // the group that reached a second parent
    private readonly Queue<int> _queue = new();
    private readonly List<(int Row, int Value)> _moves = [];
    private long _budget;
    private int _search;

    public PairPaths(int[] first, int[] second, int groups, int secondParents, IPairCounts count, ulong seed)
    {
        (_first, _second, _secondParents, _count) = (first, second, secondParents, count);
        _start = new int[secondParents + 1];
        _slot = new int[first.Length];
        var n = 0;
        for (var r = 0; r < first.Length; r++)
        {
            if (first[r] >= 0 && second[r] >= 0)
            {
                _start[second[r] + 1]++;
                n++;
            }
        }

        for (var v = 0; v < secondParents; v++)
            _start[v + 1] += _start[v];
        _byValue = new int[n];
        var next = (int[])_start.Clone();
        for (var r = 0; r < first.Length; r++)
        {
            if (first[r] >= 0 && second[r] >= 0)
            {
                _slot[r] = next[second[r]]++;
                _byValue[_slot[r]] = r;
            }
        }

        _unseen = new int[secondParents];
        for (var v = 0; v < secondParents; v++)
            _unseen[v] = v;
        new SeededRandom(StableHash.Mix(seed ^ 0x50415448UL)).Shuffle(_unseen);
        _position = new int[secondParents];
        for (var i = 0; i < secondParents; i++)
            _position[_unseen[i]] = i;
        _groupSeen = new int[groups];
        _groupVia = new int[groups];
        _valueFrom = new int[secondParents];
        _budget = Math.Max(BudgetFloor, BudgetPasses * ((long)first.Length + secondParents));
    }

    /// <summary>Fixes row <paramref name="r"/>'s duplicate pair; false when no distinct pairing exists or the budget is spent.</summary>
    public bool Fix(int r)
    {
        if (_budget <= 0)
            return false;
        var g = _first[r];
        var v = _second[r];
        _search++;
        _queue.Clear();
        var live = _secondParents;
        Reach(v, ref live); // reaching v again closes no path
        _groupSeen[g] = _search;
        _queue.Enqueue(g);
        while (_queue.Count > 0 && _budget > 0)
        {
            var u = _queue.Dequeue();
            // downwards, so that a reached parent swapped in from the end is one this scan has passed
            for (var i = live - 1; i >= 0; i--)
            {
                _budget--;
                var w = _unseen[i];
                if (_count.Get(Key(u, w)) > 0)
                    continue;
                Reach(w, ref live);
                _valueFrom[w] = u;
                for (var k = _start[w]; k < _start[w + 1]; k++)
                {
                    _budget--;
                    var j = _byValue[k];
                    var gj = _first[j];
                    if (_groupSeen[gj] == _search)
                        continue;
                    _groupSeen[gj] = _search;
                    _groupVia[gj] = j;
                    if (_count.Get(Key(gj, v)) == 0)
                    {
                        Apply(r, gj, v);
                        return true;
                    }

                    _queue.Enqueue(gj);
                }
            }
        }

        return false;
    }

    /// <summary>Row <paramref name="r"/>'s second parent was changed outside a path, from <paramref name="from"/>: re-index it.</summary>
    public void Moved(int r, int from)
    {
        // only Fix reads the index, and a spent budget ends every Fix before it does: nothing left to keep in step
        if (_budget <= 0)
            return;
        var to = _second[r];
        var slot = _slot[r];
        // r walks across the runs between the two: at each boundary it changes places with the run's end row
        while (from < to)
        {
            var last = _start[from + 1] - 1;
            Place(_byValue[last], slot);
            Place(r, last);
            slot = last;
            _start[from + 1]--;
            from++;
        }

        while (from > to)
        {
            var firstSlot = _start[from];
            Place(_byValue[firstSlot], slot);
            Place(r, firstSlot);
            slot = firstSlot;
            _start[from]++;
            from--;
        }
    }

    // swaps w behind the front of the unreached second parents
    private void Reach(int w, ref int live)
    {
        var i = _position[w];
        var last = _unseen[--live];
        (_unseen[i], _unseen[live]) = (last, w);
        (_position[last], _position[w]) = (i, live);
    }

    // the path found: the target group's row takes v, each row before it the second parent of the row after it
    private void Apply(int r, int target, int v)
    {
        var g = _first[r];
        var incoming = v;
        var u = target;
        _moves.Clear();
        while (u != g)
        {
            var j = _groupVia[u];
            var w = _second[j];
            _moves.Add((j, incoming));
            incoming = w;
            u = _valueFrom[w];
        }

        _moves.Add((r, incoming));
        // row i takes the value row i − 1 had (the first takes r's v): it takes that row's slot, so the slots rotate
        var carried = _slot[_moves[^1].Row];
        foreach (var (row, value) in _moves)
        {
            var gRow = _first[row];
            _count.Add(Key(gRow, _second[row]), -1);
            _count.Add(Key(gRow, value), 1);
            _second[row] = value;
            (carried, _slot[row]) = (_slot[row], carried);
            _byValue[_slot[row]] = row;
        }
    }

    private void Place(int row, int slot)
    {
        _byValue[slot] = row;
        _slot[row] = slot;
    }

    private long Key(int g, int v) => ((long)g * _secondParents) + v;
}
