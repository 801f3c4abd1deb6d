using ElasticDuckface.Generation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

public class ShardTests
{
    [Property(MaxTest = 300)]
    public Property Slices_of_every_shard_tile_the_table_in_index_order(NonNegativeInt rows, PositiveInt shards)
    {
        var n = (long)rows.Get * 1_000_003; // past int.MaxValue too
        var count = 1 + ((shards.Get - 1) % 200);
        long next = 0;
        var tiled = true;
        for (var i = 0; i < count; i++)
        {
            var (first, length) = new Shard(i, count).Slice(n);
            tiled &= first == next && length >= 0 && length <= n / count + 1;
            next = first + length;
        }

        return (tiled && next == n).Label($"n={n}, N={count}");
    }

    [Fact]
    public void Slice_of_the_largest_table_does_not_overflow()
    {
        var (first, count) = new Shard(Shard.MaxCount - 1, Shard.MaxCount).Slice(long.MaxValue);
        Assert.Equal(long.MaxValue, first + count);
        Assert.True(count > 0);
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData("999999/1000000", 999_999, 1_000_000)]
    public void Parse_reads_a_zero_based_index_and_a_count(string text, int index, int count)
    {
        var shard = Shard.Parse(text);
        Assert.Equal(new Shard(index, count), shard);
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("4/4", "0-based, so it must be 0 to 3")]
    [InlineData("1/1", "0-based, so it must be 0 to 0")]
    [InlineData("x", "got 'x'")]
    [InlineData("1/0", "got '1/0'")]
    [InlineData("-1/4", "got '-1/4'")]
    [InlineData("1/4/2", "got '1/4/2'")]
    [InlineData("0/1000001", "COUNT <= 1000000")]
    [InlineData(" 1/4", "got ' 1/4'")]
    public void Parse_refuses_anything_else_with_one_usage_line(string text, string expected)
    {
        var ex = Assert.Throws<DuckfaceException>(() => Shard.Parse(text));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
