using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The smallest Kolmogorov–Smirnov distance that m whole fan-outs summing to T (each at most a cap) can have against a
/// reference histogram, and an allocation that reaches it. See docs/adr/0004-generation.md, "Apportioning parents".
/// </summary>
/// <remarks>
/// <para>The reference's distinct fan-outs v_1 &lt; … &lt; v_K cut [0, cap] into intervals [0, v_1), [v_k, v_{k+1}) and
/// [v_K, cap], on each of which the reference CDF F is constant. With N(x) the number of fan-outs ≤ x, KS ≤ d holds
/// iff on every interval N(lo) ≥ m(F − d) and N(hi) ≤ m(F + d) (N is monotone, so the lower bound is tightest at the
/// interval's left end and the upper at its right end). So what matters is C_j = N(hi_j), the parents up to interval j,
/// and how many of interval j's parents sit exactly on lo_j: at least L_j − C_{j−1} of them must, the rest may move up to hi_j.</para>
/// <para>For a fixed d the feasible C are the monotone vectors between the lower envelope (running max of L) and the upper
/// envelope (running min of U). The least reachable sum, every parent on its lo, falls as any C_j rises; the largest
/// reachable sum falls too. Walking from one envelope to the other one parent at a time moves the reachable range in
/// steps that touch (the parent that changes interval could already sit at hi_j = lo_{j+1} − 1), so the sums reachable
/// at d are exactly [minsum(upper envelope), maxsum(lower envelope)]. d* is the least d whose range holds T, found by
/// bisection over d = D/(m·P) (P the reference's parents; every candidate |j/m − F| has this form), in exact integers.</para>
/// </remarks>
internal static class KsOptimalFanOut
{
    /// <summary>The least KS distance of <paramref name="parents"/> fan-outs summing to <paramref name="children"/>,
    /// each ≤ <paramref name="cap"/>, against <paramref name="reference"/>.</summary>
    public static double Floor(IReadOnlyList<FanOutBin> reference, long parents, long children, long cap = int.MaxValue)
    {
        if (Model.Create(reference, parents, children, cap) is not { } model)
            return 0;
        return model.Distance(model.Search());
    }

    /// <summary>
    /// m fan-outs, sorted ascending, summing to T, each ≤ cap, whose KS distance against <paramref name="reference"/>
    /// is <see cref="Floor"/>. Requires 0 &lt; T ≤ m·cap and a reference with at least one parent.
    /// </summary>
    public static int[] Allocate(IReadOnlyList<FanOutBin> reference, int parents, long children, int cap)
    {
        var model = Model.Create(reference, parents, children, cap)
            ?? throw new ArgumentException("The reference has no parents or the children do not fit.", nameof(reference));
        return model.Place(model.Search());
    }

    private sealed class Model
    {
        private readonly long _m;
        private readonly long _t;
        private readonly long _p;
        private readonly long _excess;
        private readonly long[] _lo;
        private readonly long[] _hi;
        private readonly long[] _s;
        private readonly long[] _l;
        private readonly long[] _u;
        private readonly long[] _envLow;
        private readonly long[] _envHigh;

        private Model(long m, long t, long p, long excess, long[] lo, long[] hi, long[] s)
        {
            (_m, _t, _p, _excess, _lo, _hi, _s) = (m, t, p, excess, lo, hi, s);
            _l = new long[lo.Length];
            _u = new long[lo.Length];
            _envLow = new long[lo.Length];
            _envHigh = new long[lo.Length];
        }

        private int Count => _lo.Length;

        public static Model? Create(IReadOnlyList<FanOutBin> reference, long m, long t, long cap)
        {
            ArgumentNullException.ThrowIfNull(reference);
            ArgumentOutOfRangeException.ThrowIfNegative(cap);
            var bins = reference.Where(b => b.Parents > 0 && b.Children >= 0)
                .GroupBy(b => b.Children).Select(g => (K: g.Key, N: g.Sum(b => b.Parents))).OrderBy(b => b.K).ToList();
            long p = bins.Sum(b => b.N);
            if (p == 0 || m <= 0 || t < 0 || t > m * cap)
                return null;
            // fan-outs above the cap cannot be generated: their reference mass moves to the cap, and 1 − F(cap) is a floor of its own
            long excess = bins.Where(b => b.K > cap).Sum(b => b.N);
            var atoms = bins.Where(b => b.K < cap).ToList();
            var atCap = bins.Where(b => b.K >= cap).Sum(b => b.N);
            if (atCap > 0)
                atoms.Add((cap, atCap));
            var lo = new List<long>();
            var hi = new List<long>();
            var s = new List<long>();
            if (atoms[0].K > 0)
            {
                lo.Add(0);
                hi.Add(atoms[0].K - 1);
                s.Add(0);
            }

            long cumulative = 0;
            for (var i = 0; i < atoms.Count; i++)
            {
                cumulative += atoms[i].N;
                lo.Add(atoms[i].K);
                hi.Add(i + 1 < atoms.Count ? atoms[i + 1].K - 1 : cap);
                s.Add(cumulative);
            }

            return new Model(m, t, p, excess, [.. lo], [.. hi], [.. s]);
        }

        public double Distance(Int128 d) => (double)Int128.Max(d, (Int128)_excess * _m) / ((double)_m * _p);

        /// <summary>The least D (d = D/(m·P)) whose reachable sums hold T.</summary>
        public Int128 Search()
        {
            Int128 low = 0;
            var high = (Int128)_m * _p;
            while (low < high)
            {
                var mid = low + (high - low) / 2;
                if (Feasible(mid))
                    high = mid;
                else
                    low = mid + 1;
            }

            Bounds(low);
            return low;
        }

        private bool Feasible(Int128 d)
        {
            if (!Bounds(d))
                return false;
            return MinSum(_envHigh) <= _t && _t <= MaxSum(_envLow);
        }

        // L_j = ⌈(m·S_j − D)/P⌉, U_j = ⌊(m·S_j + D)/P⌋, clamped to [0, m]; the envelopes; false when they cross
        private bool Bounds(Int128 d)
        {
            var n = Count;
            for (var j = 0; j < n; j++)
            {
                var ms = (Int128)_m * _s[j];
                _l[j] = (long)Int128.Clamp(CeilDiv(ms - d, _p), 0, _m);
                _u[j] = (long)Int128.Clamp(FloorDiv(ms + d, _p), 0, _m);
            }

            _u[n - 1] = _m;
            var running = 0L;
            for (var j = 0; j < n; j++)
                _envLow[j] = running = Math.Max(running, _l[j]);
            _envLow[n - 1] = _m;
            running = _m;
            for (var j = n - 1; j >= 0; j--)
                _envHigh[j] = running = Math.Min(running, _u[j]);
            for (var j = 0; j < n; j++)
            {
                if (_envLow[j] > _envHigh[j])
                    return false;
            }

            return true;
        }

        // every parent on its interval's lo
        private long MinSum(long[] c)
        {
            var sum = _m * _lo[^1];
            for (var j = 0; j < Count - 1; j++)
                sum += MinTerm(j, c[j]);
            return sum;
        }

        // every parent that may leave lo at hi: at least L_j − C_{j−1} of interval j's parents stay on lo_j
        private long MaxSum(long[] c)
        {
            var sum = _m * _hi[^1] - (_hi[0] - _lo[0]) * Math.Max(0, _l[0]);
            for (var j = 0; j < Count - 1; j++)
                sum += MaxTerm(j, c[j]);
            return sum;
        }

        private long MinTerm(int j, long c) => c * (_lo[j] - _lo[j + 1]);

        private long MaxTerm(int j, long c) => c * (_hi[j] - _hi[j + 1]) - (_hi[j + 1] - _lo[j + 1]) * Math.Max(0, _l[j + 1] - c);

        /// <summary>The allocation at D: counts nearest the proportional ones that reach T, then values within the intervals.</summary>
        public int[] Place(Int128 d)
        {
            Bounds(d);
            var n = Count;
            var c = new long[n];
            for (var j = 0; j < n - 1; j++)
            {
                var ideal = (long)((2 * (Int128)_m * _s[j] + _p) / (2 * (Int128)_p));
                c[j] = Math.Clamp(ideal, _envLow[j], _envHigh[j]);
            }

            c[n - 1] = _m;
            var minSum = MinSum(c);
            var maxSum = MaxSum(c);
            if (_t > maxSum)
            {
                // more children than these counts hold: move parents up, toward the lower envelope (both sums rise)
                for (var j = 0; j < n - 1 && _t > maxSum; j++)
                {
                    var old = c[j];
                    var rest = maxSum - MaxTerm(j, old);
                    if (rest + MaxTerm(j, _envLow[j]) < _t)
                    {
                        c[j] = _envLow[j];
                    }
                    else
                    {
                        // the largest count in [envLow, old] whose max sum reaches T
                        long a = _envLow[j], b = old;
                        while (a < b)
                        {
                            var mid = b - (b - a) / 2;
                            if (rest + MaxTerm(j, mid) >= _t)
                                a = mid;
                            else
                                b = mid - 1;
                        }

                        c[j] = a;
                    }

                    maxSum = rest + MaxTerm(j, c[j]);
                    minSum += MinTerm(j, c[j]) - MinTerm(j, old);
                }
            }
            else if (_t < minSum)
            {
                // fewer children than the parents on their lo's hold: move parents down, toward the upper envelope
                for (var j = n - 2; j >= 0 && _t < minSum; j--)
                {
                    var old = c[j];
                    var rest = minSum - MinTerm(j, old);
                    if (rest + MinTerm(j, _envHigh[j]) > _t)
                    {
                        c[j] = _envHigh[j];
                    }
                    else
                    {
                        // the smallest count in [old, envHigh] whose min sum is at most T
                        long a = old, b = _envHigh[j];
                        while (a < b)
                        {
                            var mid = a + (b - a) / 2;
                            if (rest + MinTerm(j, mid) <= _t)
                                b = mid;
                            else
                                a = mid + 1;
                        }

                        c[j] = a;
                    }

                    minSum = rest + MinTerm(j, c[j]);
                    maxSum += MaxTerm(j, c[j]) - MaxTerm(j, old);
                }
            }

            if (_t < minSum || _t > maxSum)
                throw new InvalidOperationException(
                    $"Fan-out optimizer: sum {_t} outside [{minSum}, {maxSum}] at the optimum; this is a bug.");
            return Fill(c, _t - minSum);
        }

        // Every parent on lo, then the extra children spread over the parents free to move: each raised by λ·(lo + 1),
        // at most to hi, so values grow in proportion and no single parent takes it all.
        private int[] Fill(long[] c, long extra)
        {
            var n = Count;
            var movable = new long[n];
            var width = new long[n];
            for (var j = 0; j < n; j++)
            {
                var before = j == 0 ? 0 : c[j - 1];
                var count = c[j] - before;
                var onLo = Math.Clamp(_l[j] - before, 0, count);
                movable[j] = count - onLo;
                width[j] = _hi[j] - _lo[j];
            }

            var add = new long[n];
            if (extra > 0)
            {
                double low = 0, high = 1;
                while (Raised(high) < extra && high < 1e300)
                    high *= 2;
                for (var i = 0; i < 200 && high - low > 1e-12 * high; i++)
                {
                    var mid = (low + high) / 2;
                    if (Raised(mid) <= extra)
                        low = mid;
                    else
                        high = mid;
                }

                long given = 0;
                for (var j = 0; j < n; j++)
                {
                    add[j] = Math.Min(movable[j] * width[j], (long)Math.Floor(movable[j] * Math.Min(width[j], low * (_lo[j] + 1))));
                    given += add[j];
                }

                // rounding: one child per interval with room, largest values first, until it is placed
                while (given != extra)
                {
                    var before = given;
                    for (var j = n - 1; j >= 0 && given != extra; j--)
                    {
                        if (given < extra && add[j] < movable[j] * width[j])
                        {
                            add[j]++;
                            given++;
                        }
                        else if (given > extra && add[j] > 0)
                        {
                            add[j]--;
                            given--;
                        }
                    }

                    if (given == before)
                        throw new InvalidOperationException("Fan-out optimizer: the extra children do not fit; this is a bug.");
                }
            }

            var result = new int[_m];
            var at = 0;
            for (var j = 0; j < n; j++)
            {
                var before = j == 0 ? 0 : c[j - 1];
                var count = c[j] - before;
                var onLo = count - movable[j];
                for (long i = 0; i < onLo; i++)
                    result[at++] = (int)_lo[j];
                if (movable[j] == 0)
                    continue;
                var each = add[j] / movable[j];
                var more = add[j] % movable[j];
                for (long i = 0; i < movable[j]; i++)
                    result[at++] = (int)(_lo[j] + each + (i >= movable[j] - more ? 1 : 0));
            }

            return result;

            double Raised(double lambda)
            {
                double sum = 0;
                for (var j = 0; j < n; j++)
                    sum += movable[j] * Math.Min(width[j], lambda * (_lo[j] + 1));
                return sum;
            }
        }

        private static Int128 CeilDiv(Int128 a, long b) => -FloorDiv(-a, b);

        private static Int128 FloorDiv(Int128 a, long b)
        {
            var q = a / b;
            return (a % b != 0 && a < 0) ? q - 1 : q;
        }
    }
}
