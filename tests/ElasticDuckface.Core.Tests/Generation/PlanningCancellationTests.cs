using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// Issue 12: Ctrl-C during planning unwinds. The planner, the generator's set-up and a table's per-row state look at the
/// cancel token between tables and steps, so a cancelled run ends in an <see cref="OperationCanceledException"/> instead of
/// finishing the work (the CLI's grace would otherwise cut it short). No timing is asserted: what stops is checked.
/// </summary>
public sealed class PlanningCancellationTests
{
    private static DatabaseProfile Nova =>
        ProfileSerializer.Deserialize(TestProfiles.ShippedJson("nova-example.json"), "nova-example.json");

    [Fact]
    public void A_cancelled_token_stops_the_plan_of_the_Nova_example_at_x1000_before_it_is_made()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            GenerationPlanner.Plan(Nova, new ScaleOptions { Scale = 1000 }, cts.Token));
    }

    [Fact]
    public void A_token_cancelled_while_the_generator_is_set_up_stops_it_between_tables()
    {
        var profile = Nova;
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1000 });
        using var cts = new CancellationTokenSource();
        // cancelled from inside the set-up: when the tenth table's columns are typed, as Ctrl-C would arrive mid-way
        var types = new CancellingTypes(cts, profile, plan.Tables[9].Name);
        Assert.ThrowsAny<OperationCanceledException>(() => new RowGenerator(profile, plan, types, cts.Token));
        Assert.Contains(plan.Tables[9].Name, types.Seen);
        Assert.DoesNotContain(plan.Tables[10].Name, types.Seen);
        Assert.DoesNotContain(plan.Tables[^1].Name, types.Seen);
    }

    [Fact]
    public void A_cancelled_token_stops_a_big_tables_per_row_state_and_its_rows()
    {
        var profile = Nova;
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1000 });
        using var cts = new CancellationTokenSource();
        var generator = new RowGenerator(profile, plan, null, cts.Token);
        var big = plan.Tables.MaxBy(t => t.TargetRows)!.Name;
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Prepare(big));
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Rows(big).First());
    }

    /// <summary>The common type map, cancelling the token at the first column of one table and recording the tables asked.</summary>
    private sealed class CancellingTypes(CancellationTokenSource cts, DatabaseProfile profile, string cancelAt) : IColumnTypeMap
    {
        private readonly Dictionary<object, string> _tables = profile.Tables
            .SelectMany(t => t.Columns.Select(c => ((object)c, t.Name)))
            .ToDictionary(p => p.Item1, p => p.Name, ReferenceEqualityComparer.Instance);

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public ColumnType Canonical(ColumnProfile column)
        {
            var table = _tables[column];
            Seen.Add(table);
            if (string.Equals(table, cancelAt, StringComparison.Ordinal))
                cts.Cancel();
            return NamedColumnTypeMap.Common.Canonical(column);
        }
    }
}
