using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

public class ParallelRowsTests
{
    // a row is its own number and the thread that made it, so the order and the coverage are both visible
    private static object?[][] Numbered(long first, int count)
    {
        var rows = new object?[count][];
        for (var i = 0; i < count; i++)
            rows[i] = [first + i, Environment.CurrentManagedThreadId];
        return rows;
    }

    [Property(MaxTest = 200)]
    public Property Every_row_comes_once_in_row_order_whatever_the_threads_and_chunks(NonNegativeInt first, NonNegativeInt rows,
        PositiveInt workers, PositiveInt chunk)
    {
        var (from, count, threads, chunkRows) = (first.Get % 1000, rows.Get % 5000, 1 + (workers.Get % 6), 1 + (chunk.Get % 300));
        var got = ParallelRows.Generate(from, count, threads, Numbered, chunkRows).Select(r => (long)r[0]!).ToList();
        return got.SequenceEqual(Enumerable.Range(0, count).Select(i => (long)(from + i)))
            .Label($"rows [{from}, {from + count}) with {threads} threads in chunks of {chunkRows}");
    }

    [Fact]
    public void The_reader_and_the_other_threads_both_generate_chunks()
    {
        // the chunks are slow enough that the reader finds the next one unclaimed or in progress and generates some itself
        var reader = Environment.CurrentManagedThreadId;
        var makers = ParallelRows.Generate(0, 64 * 100, 2, (first, count) =>
            {
                Thread.Sleep(2);
                return Numbered(first, count);
            }, 100)
            .Select(r => (int)r[1]!).Distinct().ToList();
        Assert.Contains(reader, makers);
        Assert.Equal(2, makers.Count);
    }

    [Fact]
    public void A_failing_chunk_throws_its_own_exception_to_the_reader()
    {
        // a plan error raised while a worker generates a chunk reaches the caller as itself, as on one thread
        var rows = ParallelRows.Generate(0, 10_000, 3, (first, count) =>
            first >= 5_000 ? throw new PlanValidationException("chunk failed") : Numbered(first, count), 100);
        var ex = Assert.Throws<PlanValidationException>(() => rows.Count());
        Assert.Equal("chunk failed", ex.Message);
    }

    [Fact]
    public void A_reader_that_stops_early_leaves_no_chunk_running()
    {
        var running = 0;
        var rows = ParallelRows.Generate(0, 100_000, 4, (first, count) =>
        {
            Interlocked.Increment(ref running);
            Thread.Sleep(1);
            Interlocked.Decrement(ref running);
            return Numbered(first, count);
        }, 100);
        Assert.Equal(250, rows.Take(250).Count());
        Assert.Equal(0, Volatile.Read(ref running));
    }

    [Fact]
    public void Shipped_Nova_example_on_two_threads_with_the_default_chunks_is_the_one_thread_rows_held_and_streamed()
    {
        // 110 tables at ×40 (1.4 million rows): several chunks per big table; once with the parents held per row, once
        // streamed in blocks (every table above the threshold), each block read by the thread generating its chunk
        var profile = ProfileSerializer.Deserialize(TestProfiles.ShippedJson("nova-example.json"), "nova-example.json");
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 40, Seed = 5 });
        foreach (var streamingRows in (long[])[ParentAssigner.DefaultStreamingRows, 0])
        {
            var one = new RowGenerator(profile, plan, null, streamingRows);
            var two = new RowGenerator(profile, plan, null, streamingRows);
            foreach (var t in plan.Tables)
            {
                Assert.True(Integrity.SameRows([.. one.Rows(t.Name, 1)], [.. two.Rows(t.Name, 2)]),
                    $"{t.Name} differs between 1 and 2 threads (streaming above {streamingRows} rows)");
            }
        }
    }
}
