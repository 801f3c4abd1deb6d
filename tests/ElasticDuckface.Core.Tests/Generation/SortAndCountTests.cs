using ElasticDuckface.Generation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>The fan-out correlator's radix sort and the pair repair's counts, against the library types they replace.</summary>
public class SortAndCountTests
{
    [Property(MaxTest = 200)]
    public Property Radix_sort_orders_doubles_as_Array_Sort_and_keeps_equal_keys_in_order(double[] raw, PositiveInt repeat)
    {
        // finite values, some repeated (ties), both signs and zeros
        var values = raw.Where(double.IsFinite).SelectMany(v => Enumerable.Repeat(v, 1 + (repeat.Get % 3))).ToArray();
        var keys = values.Select(RadixSort.Key).ToArray();
        var items = Enumerable.Range(0, values.Length).ToArray();
        new RadixSort(values.Length).Sort(keys, items);

        // stable: by value, then by index (-0.0 sorts before 0.0 by its bits)
        var expected = Enumerable.Range(0, values.Length)
            .OrderBy(i => values[i]).ThenBy(i => double.IsNegative(values[i]) ? 0 : 1).ThenBy(i => i).ToArray();
        return items.SequenceEqual(expected).Label($"order {string.Join(",", items)} != {string.Join(",", expected)}");
    }

    [Fact]
    public void Radix_sort_of_a_large_random_array_matches_Array_Sort()
    {
        var random = new Random(7);
        // distinct, as the correlator's scores are (with ties Array.Sort's order is arbitrary, the radix sort's stable)
        var scores = Enumerable.Range(0, 300_000).Select(_ => (random.NextDouble() * 8) - 4).Distinct().ToArray();
        var expected = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort((double[])scores.Clone(), expected);
        var keys = scores.Select(RadixSort.Key).ToArray();
        var items = Enumerable.Range(0, scores.Length).ToArray();
        new RadixSort(scores.Length).Sort(keys, items);
        Assert.Equal(expected, items);
    }

    [Property(MaxTest = 200)]
    public Property Pair_counts_agree_with_a_dictionary(int[] operations)
    {
        // each operation: a key from a small range (collisions, growth past the first capacity), add or set
        var counts = new PairCounts(4);
        var reference = new Dictionary<long, int>();
        foreach (var op in operations)
        {
            var key = (long)(uint)op % 97 * 1_000_003;
            if (op % 2 == 0)
            {
                counts.Add(key, 1);
                reference[key] = reference.GetValueOrDefault(key) + 1;
            }
            else
            {
                counts.Set(key, op & 7);
                reference[key] = op & 7;
            }
        }

        var same = Enumerable.Range(0, 120).Select(k => (long)k * 1_000_003).All(k => counts.Get(k) == reference.GetValueOrDefault(k));
        return same.Label("a count differs from the dictionary's");
    }

    [Property(MaxTest = 200)]
    public Property Pair_count_grid_agrees_with_a_dictionary(int[] operations)
    {
        // keys from a small space (so the grid holds them), counts going up past 2 and back down, and a clear half-way
        var grid = new PairCountGrid(5_000);
        var reference = new Dictionary<long, int>();
        for (var i = 0; i < operations.Length; i++)
        {
            var op = operations[i];
            var key = (long)((uint)op % 4_999);
            if (i == operations.Length / 2)
            {
                grid.Clear();
                reference.Clear();
            }

            if (op % 3 == 0 && reference.GetValueOrDefault(key) > 0)
            {
                grid.Add(key, -1);
                reference[key]--;
            }
            else if (op % 3 == 1)
            {
                grid.Add(key, 1);
                reference[key] = reference.GetValueOrDefault(key) + 1;
            }
            else
            {
                grid.Set(key, op & 3);
                reference[key] = op & 3;
            }
        }

        var same = Enumerable.Range(0, 5_000).All(k => grid.Get(k) == reference.GetValueOrDefault(k));
        return same.Label("a count differs from the dictionary's");
    }

    [Property(MaxTest = 100)]
    public Property Pair_repair_is_the_same_with_the_grid_and_with_the_table(PositiveInt groups, PositiveInt parents, int seed)
    {
        // many rows per (group, parent) so that duplicates are common, NULLs too, and a repairer reused for two repairs
        var random = new Random(seed);
        var (g, p) = (1 + (groups.Get % 30), 1 + (parents.Get % 40));
        var rows = random.Next(0, 3 * g * p);
        var first = Enumerable.Range(0, rows).Select(_ => random.Next(-1, g)).ToArray();
        var second = Enumerable.Range(0, rows).Select(_ => random.Next(-1, p)).ToArray();
        var (withGrid, withTable) = ((int[])second.Clone(), (int[])second.Clone());
        var (grid, table) = (new PairRepairer(), new PairRepairer { UseGrid = false });
        for (var pass = 0; pass < 2; pass++)
        {
            grid.Run(first, withGrid, p, (ulong)seed + (ulong)pass);
            table.Run(first, withTable, p, (ulong)seed + (ulong)pass);
        }

        return withGrid.SequenceEqual(withTable).Label("the repaired pairs differ");
    }
}
