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
}
