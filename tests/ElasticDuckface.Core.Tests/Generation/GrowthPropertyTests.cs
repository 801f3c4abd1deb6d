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
    [Property]
    public Property Random_declared_minimums_are_met_or_the_plan_is_refused(RandomSchema schema)
    {
        // a minimum of 1–3 on about half the foreign keys (not self-references), every table its own factor in [0.2, 5]
        var rnd = new Random(schema.Seed ^ 0x313);
        var profile = schema.Profile with
        {
            Tables = [.. schema.Profile.Tables.Select(t => t with
            {
                ForeignKeys = [.. t.ForeignKeys.Select(f => f.ReferencedTable != t.Name && rnd.Next(2) == 0
                    ? f with { MinChildren = 1 + rnd.Next(3) } : f)],
            })],
        };
        var total = Math.Max(1, profile.Tables.Sum(t => t.RowCount));
        var scales = profile.Tables.ToDictionary(t => t.Name, t => Math.Min(Math.Pow(5, -1 + 2 * rnd.NextDouble()), 2500.0 / total),
            StringComparer.Ordinal);
        GenerationPlan plan;
        try
        {
            plan = GenerationPlanner.Plan(profile, schema.Options with { TableScales = scales, Keep = new HashSet<string>() });
        }
        catch (PlanValidationException)
        {
            return true.Classify(true, "plan refused");
        }

        // a plan the planner accepts is one the generator can meet: no refusal half-way
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        var problems = Integrity.Problems(profile, plan, data);
        foreach (var t in profile.Tables)
        {
            foreach (var fk in t.ForeignKeys.Where(f => f.MinChildren > 0 && f.Columns.Count == 1))
            {
                var column = t.ColumnIndex(fk.Columns[0]);
                var parent = profile.Tables.Single(p => p.Name == fk.ReferencedTable);
                var key = parent.ColumnIndex(fk.ReferencedColumns[0]);
                var counts = data[t.Name].Where(r => r[column] is not null).GroupBy(r => r[column]!)
                    .ToDictionary(g => g.Key, g => g.Count());
                var below = data[parent.Name].Count(r => r[key] is null || counts.GetValueOrDefault(r[key]!) < fk.MinChildren);
                if (below > 0)
                    problems.Add($"{t.Name}.{fk.Name}: {below} parents below {fk.MinChildren}");
            }
        }

        return (problems.Count == 0).Label(string.Join("\n", problems.Take(10))).Classify(true, "generated");
    }
}
