using ElasticDuckface.Generation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>The pair repair keeps both keys' fan-outs whenever a distinct pairing of them exists.</summary>
public class PairRepairerTests
{
    /// <summary>
    /// A random distinct pairing (dense groups and second parents too, so that a swap alone often cannot fix a
    /// duplicate), its second column shuffled: the repair must give distinct pairs with every first parent's and every
    /// second parent's row count unchanged, and the same result twice.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Repair_keeps_both_fan_outs_when_a_distinct_pairing_exists(PositiveInt groups, PositiveInt parents, int seed,
        bool grid)
    {
        var random = new Random(seed);
        var (g, p) = (1 + (groups.Get % 40), 1 + (parents.Get % 60));
        // per group a density of its own, some near 1, and per second parent a popularity: skewed both ways
        var activity = Enumerable.Range(0, g).Select(_ => Math.Pow(random.NextDouble(), 0.5)).ToArray();
        var popularity = Enumerable.Range(0, p).Select(_ => Math.Pow(random.NextDouble(), 0.3)).ToArray();
        var pairs = new List<(int First, int Second)>();
        for (var a = 0; a < g; a++)
        {
            for (var b = 0; b < p; b++)
            {
                if (random.NextDouble() < activity[a] * popularity[b])
                    pairs.Add((a, b));
            }
        }

        var nulls = random.Next(0, 4);
        var first = pairs.Select(x => x.First).Concat(Enumerable.Repeat(-1, nulls)).ToArray();
        var second = pairs.Select(x => x.Second).Concat(Enumerable.Range(0, nulls).Select(_ => random.Next(-1, p))).ToArray();
        // shuffle the rows, then the second column among the non-NULL pairs
        var order = Enumerable.Range(0, first.Length).OrderBy(_ => random.Next()).ToArray();
        (first, second) = (order.Select(i => first[i]).ToArray(), order.Select(i => second[i]).ToArray());
        var linked = Enumerable.Range(0, first.Length).Where(i => first[i] >= 0 && second[i] >= 0).ToArray();
        var values = linked.Select(i => second[i]).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < linked.Length; i++)
            second[linked[i]] = values[i];
        var before = Multiset(second);
        var (once, twice) = ((int[])second.Clone(), (int[])second.Clone());
        var repairer = new PairRepairer { UseGrid = grid };
        repairer.Run(first, once, p, (ulong)seed);
        new PairRepairer { UseGrid = !grid }.Run(first, twice, p, (ulong)seed);
        var distinct = Enumerable.Range(0, first.Length).Where(i => first[i] >= 0 && once[i] >= 0)
            .Select(i => (first[i], once[i])).GroupBy(x => x).All(x => x.Count() == 1);
        var nullsKept = Enumerable.Range(0, first.Length).All(i => (second[i] < 0) == (once[i] < 0));
        return (distinct && nullsKept && Multiset(once).SequenceEqual(before) && once.SequenceEqual(twice) && repairer.Unpaired == 0)
            .Label($"distinct {distinct}, multiset {Multiset(once).SequenceEqual(before)}, deterministic {once.SequenceEqual(twice)}, "
                + $"unpaired {repairer.Unpaired}")
            .Classify(pairs.Count > g * p / 2, "dense");
    }

    /// <summary>
    /// Random fan-outs on both sides, not always realisable as distinct pairs (dense groups against few second parents):
    /// the repair moves a fan-out exactly when no distinct pairing exists (Gale–Ryser), keeps both fan-outs otherwise,
    /// and leaves a duplicate only in a group with more rows than there are second parents.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Repair_moves_a_fan_out_only_when_no_distinct_pairing_exists(PositiveInt groups, PositiveInt parents, int seed,
        bool grid)
    {
        var random = new Random(seed);
        var (g, p) = (1 + (groups.Get % 30), 1 + (parents.Get % 25));
        var weight = Enumerable.Range(0, p).Select(_ => Math.Exp(2 * random.NextDouble())).ToArray();
        var rowsOf = Enumerable.Range(0, g).Select(_ => random.Next(0, p + 2)).ToArray();
        var first = rowsOf.SelectMany((n, a) => Enumerable.Repeat(a, n)).ToArray();
        var second = first.Select(_ => Draw(random, weight)).ToArray();
        var before = Multiset(second);
        var repaired = (int[])second.Clone();
        var repairer = new PairRepairer { UseGrid = grid };
        repairer.Run(first, repaired, p, (ulong)seed);
        var feasible = GaleRyser(rowsOf, before.Select(x => x.Rows).ToArray());
        var duplicates = Enumerable.Range(0, first.Length).GroupBy(i => (first[i], repaired[i])).Any(x => x.Count() > 1);
        var kept = Multiset(repaired).SequenceEqual(before);
        var rowsKept = first.Length == repaired.Length && repaired.All(v => v >= 0 && v < p);
        var ok = rowsKept && (feasible
            ? repairer.Unpaired == 0 && kept && !duplicates
            : repairer.Unpaired > 0 && (!duplicates || rowsOf.Any(n => n > p)));
        return ok.Label($"feasible {feasible}, unpaired {repairer.Unpaired}, kept {kept}, duplicates {duplicates}")
            .Classify(!feasible, "infeasible");
    }

    private static int Draw(Random random, double[] weight)
    {
        var x = random.NextDouble() * weight.Sum();
        for (var i = 0; i < weight.Length; i++)
        {
            x -= weight[i];
            if (x < 0)
                return i;
        }

        return weight.Length - 1;
    }

    // a 0/1 matrix with these row and column sums exists iff, for every k, the k largest row sums are at most
    // Σ min(column sum, k)
    private static bool GaleRyser(int[] rows, int[] columns)
    {
        var sorted = rows.OrderByDescending(x => x).ToArray();
        long prefix = 0;
        for (var k = 1; k <= sorted.Length; k++)
        {
            prefix += sorted[k - 1];
            if (prefix > columns.Sum(c => (long)Math.Min(c, k)))
                return false;
        }

        return true;
    }

    private static (int Value, int Rows)[] Multiset(int[] values) =>
        [.. values.Where(v => v >= 0).GroupBy(v => v).Select(x => (x.Key, x.Count())).OrderBy(x => x.Key)];
}
