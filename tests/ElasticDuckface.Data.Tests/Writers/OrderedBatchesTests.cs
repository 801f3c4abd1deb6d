using ElasticDuckface.Data.Writers;

namespace ElasticDuckface.Data.Tests.Writers;

public sealed class OrderedBatchesTests
{
    [Fact]
    public void The_converted_rows_come_in_the_source_order_in_batches()
    {
        var count = 5 * OrderedBatches.BatchRows + 17;
        var rows = Enumerable.Range(0, count).Select(i => new object?[] { (long)i });

        var batches = OrderedBatches.Convert(rows, r => (long)r[0]! * 2, CancellationToken.None).ToList();

        Assert.Equal(6, batches.Count);
        Assert.All(batches.SkipLast(1), b => Assert.Equal(OrderedBatches.BatchRows, b.Length));
        Assert.Equal(Enumerable.Range(0, count).Select(i => 2L * i), batches.SelectMany(b => b));
    }

    [Fact]
    public void An_error_of_the_source_or_of_a_conversion_reaches_the_caller()
    {
        var failing = Enumerable.Range(0, 3 * OrderedBatches.BatchRows)
            .Select(i => i == OrderedBatches.BatchRows + 1 ? throw new InvalidOperationException("source") : new object?[] { (long)i });
        var source = Assert.Throws<InvalidOperationException>(() =>
            OrderedBatches.Convert(failing, r => r[0], CancellationToken.None).SelectMany(b => b).ToList());
        Assert.Equal("source", source.Message);

        var rows = Enumerable.Range(0, 3 * OrderedBatches.BatchRows).Select(i => new object?[] { (long)i });
        var conversion = Assert.Throws<FormatException>(() => OrderedBatches.Convert(rows,
            r => (long)r[0]! == 5000 ? throw new FormatException("value") : r[0], CancellationToken.None).SelectMany(b => b).ToList());
        Assert.Equal("value", conversion.Message);
    }

    [Fact]
    public void Stopping_early_stops_the_source()
    {
        var taken = 0;
        var rows = Enumerable.Range(0, 1_000_000).Select(i =>
        {
            Interlocked.Increment(ref taken);
            return new object?[] { (long)i };
        });

        using (var e = OrderedBatches.Convert(rows, r => r[0], CancellationToken.None).GetEnumerator())
            Assert.True(e.MoveNext());

        // disposing waits for the source to stop: it ran ahead by the batches the channel holds, not through the million rows
        var after = Volatile.Read(ref taken);
        Assert.True(after <= 8 * OrderedBatches.BatchRows, after.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
