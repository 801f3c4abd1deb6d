using ElasticDuckface.Generation;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

[Properties(Arbitrary = [typeof(RandomSchemaArbitraries)], MaxTest = 80)]
public class GrowthPropertyTests
{
    [Property]
    public Property Random_growth_factors_per_table_keep_counts_and_integrity(RandomSchema schema, bool stretch)
    {
        // every table its own factor, log-uniform in [0.01, 100], kept under the schemas' row budget
        var rnd = new Random(schema.Seed ^ 0x6E0);
        var total = Math.Max(1, schema.Profile.Tables.Sum(t => t.RowCount));
        var scales = schema.Profile.Tables.ToDictionary(t => t.Name,
            t => Math.Min(Math.Pow(10, -2 + 4 * rnd.NextDouble()), 2500.0 / total), StringComparer.Ordinal);
        var options = schema.Options with
        {
            TableScales = scales,
            Keep = new HashSet<string>(StringComparer.Ordinal),
            Growth = stretch ? FanOutGrowth.Stretch : FanOutGrowth.Sample,
        };
        GenerationPlan plan;
        RowGenerator generator;
        try
        {
            plan = GenerationPlanner.Plan(schema.Profile, options);
            generator = new RowGenerator(schema.Profile, plan);
        }
        catch (PlanValidationException ex) when (ex.Message.Contains("need a parent", StringComparison.Ordinal)
            || ex.Message.Contains("one-to-one", StringComparison.Ordinal) || ex.Message.Contains("distinct pairs",
                StringComparison.Ordinal)
            || ex.Message.Contains("can hold only", StringComparison.Ordinal))
        {
            return true.Classify(true, "infeasible plan rejected");
        }

        var problems = Integrity.Problems(schema.Profile, plan, Integrity.Generate(generator, plan));
        return (problems.Count == 0).Label(string.Join("\n", problems.Take(10))).Classify(plan.MovingFanOuts.Count > 0, "growth applied");
    }
}
