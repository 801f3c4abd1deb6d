using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using FsCheck;
using FsCheck.Fluent;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>A random profile and scale options, built from one seed so a failure replays from the printed case.</summary>
public sealed record RandomSchema(int Seed, DatabaseProfile Profile, ScaleOptions Options)
{
    public override string ToString() =>
        $"RandomSchema(seed {Seed}, scale {Options.Scale}, tables {string.Join(", ", Profile.Tables.Select(t => $"{t.Name}:{t.RowCount}"))}, " +
        $"overrides {string.Join(", ", Options.TableScales.Select(p => $"{p.Key}={p.Value}"))}, keep {string.Join(", ", Options.Keep)})";
}

public static class RandomSchemaArbitraries
{
    private const int MaxTotalRows = 2500;
    private static readonly double[] s_scales = [0.001, 0.01, 0.3, 0.5, 1, 1.7, 2.5, 7, 100, 1000];

    public static Arbitrary<RandomSchema> Schemas() => Gen.Choose(0, int.MaxValue).Select(Build).ToArbitrary();

    public static RandomSchema Build(int seed)
    {
        var rnd = new Random(seed);
        var n = rnd.Next(1, 6);
        var rows = Enumerable.Range(0, n).Select(_ => (long)rnd.Next(0, 40)).ToArray();
        var tables = new List<TableProfile>();
        // a stream of its own, so the joint correlations leave the rest of the schema as it was for this seed
        var jointRnd = new Random(seed ^ 0x4A01);
        var stateRnd = new Random(seed ^ 0x57A7E);
        var stateFanOutRnd = new Random(seed ^ 0x5FA0);
        for (var i = 0; i < n; i++)
        {
            var name = "t" + i;
            var columns = new List<ColumnProfile>
            {
                rnd.Next(2) == 0 ? Id() : Int("id", distribution: new SequenceDistribution(rnd.Next(1, 1000), 2000)),
            };
            for (var d = rnd.Next(1, 4); d > 0; d--)
                columns.Add(DataColumn(rnd, "c" + columns.Count));
            columns.Add(Column("k2", "varchar(12)", ColumnCategory.String, new CategoricalDistribution
            {
                Values = [new CategoryFrequency("alpha", 0.5), new CategoryFrequency("beta", 0.3)],
                OtherFraction = 0.2,
                Other = new TextDistribution { Shape = TextShape.Word, Lengths = [3, 12] },
            }, length: 12));
            var fks = new List<ForeignKeyProfile>();
            var uniques = new List<KeyProfile> { new("uk_" + name + "_id_k2", ["id", "k2"]) };
            if (rnd.Next(3) == 0)
            {
                columns.Add(Text("code", rnd.Next(6, 40), rnd.Next(2) == 0 ? TextShape.Uuid : TextShape.FreeText));
                uniques.Add(new KeyProfile("uk_" + name + "_code", ["code"]));
            }

            var fkColumns = new List<string>();
            if (i > 0)
            {
                foreach (var j in Enumerable.Range(0, i).OrderBy(_ => rnd.Next()).Take(rnd.Next(0, 3)))
                {
                    var col = "p" + j + "_id";
                    var nullable = rnd.Next(3) == 0;
                    columns.Add(Int(col, nullable: nullable, nullFraction: nullable ? 0.3 : 0));
                    fks.Add(Fk("fk_" + name + "_" + col, col, "t" + j, stats: RandomFanOut(rnd, rows[j], nullable ? 0.3 : 0)));
                    fkColumns.Add(col);
                }

                if (fkColumns.Count == 2 && rnd.Next(2) == 0)
                    uniques.Add(new KeyProfile("uk_" + name + "_pair", [.. fkColumns]));
                if (fkColumns.Count >= 1 && rnd.Next(3) == 0)
                {
                    columns.Add(Int("seq", distribution: new NumericDistribution { Integer = true, Quantiles = [1, 3, 9] }));
                    uniques.Add(new KeyProfile("uk_" + name + "_seq", [fkColumns[0], "seq"]));
                }

                if (fkColumns.Count == 1 && rnd.Next(5) == 0)
                    uniques.Add(new KeyProfile("uk_" + name + "_one", [fkColumns[0]]));
                if (rnd.Next(4) == 0)
                {
                    var j = rnd.Next(i);
                    columns.Add(Int("cp_id", nullable: true, nullFraction: 0.2));
                    columns.Add(Column("cp_k2", "varchar(12)", ColumnCategory.String, null, nullable: true, length: 12));
                    fks.Add(new ForeignKeyProfile
                    {
                        Name = "fk_" + name + "_composite",
                        Columns = ["cp_id", "cp_k2"],
                        ReferencedTable = "t" + j,
                        ReferencedColumns = ["id", "k2"],
                        Stats = RandomFanOut(rnd, rows[j], 0.2),
                    });
                }
            }

            if (rnd.Next(4) == 0)
            {
                var nullable = rnd.Next(3) != 0;
                columns.Add(Int("parent_id", nullable: nullable, nullFraction: nullable ? 0.25 : 0));
                fks.Add(Fk("fk_" + name + "_self", "parent_id", name, stats: RandomFanOut(rnd, rows[i], nullable ? 0.25 : 0)));
            }

            if (i == 0 && n > 1 && rnd.Next(3) == 0)
            {
                columns.Add(Int("back_id", nullable: true, nullFraction: 0.5));
                fks.Add(Fk("fk_t0_back", "back_id", "t" + (n - 1), stats: RandomFanOut(rnd, rows[n - 1], 0.5)));
            }

            var state = RandomRowState(stateRnd, columns, fks, tables);
            WithStateFanOuts(stateFanOutRnd, fks, tables);
            tables.Add(Table(name, rows[i], columns, foreignKeys: fks, uniqueKeys: uniques) with { JointForeignKeys = RandomJoint(jointRnd,
                fks), RowState = state });
        }

        var total = Math.Max(1, rows.Sum());
        double Bounded(double s) => Math.Min(s, (double)MaxTotalRows / total);
        var options = new ScaleOptions { Scale = Bounded(s_scales[rnd.Next(s_scales.Length)]), Seed = rnd.Next() };
        if (rnd.Next(3) == 0)
            options = options with { TableScales = new Dictionary<string,
                double> { ["t" + rnd.Next(n)] = Bounded(s_scales[rnd.Next(s_scales.Length)]) } };
        if (rnd.Next(4) == 0)
        {
            var kept = "t" + rnd.Next(n);
            if (!options.TableScales.ContainsKey(kept))
                options = options with { Keep = new HashSet<string> { kept } };
        }

        return new RandomSchema(seed, Database([.. tables]), options);
    }

    /// <summary>
    /// For half of the tables, a soft delete: a nullable <c>gone_at</c> flag with <c>gone = id</c> when set and 0 when not,
    /// following the state of a parent that has one (random child-given-parent probabilities).
    /// </summary>
    private static RowStateProfile? RandomRowState(Random rnd, List<ColumnProfile> columns, List<ForeignKeyProfile> fks,
        List<TableProfile> earlier)
    {
        if (rnd.Next(2) == 0)
            return null;
        columns.Add(Column("gone_at", "datetime", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = ["2021-01-01T00:00:00", "2022-01-01T00:00:00"] }, nullable: true));
        columns.Add(Int("gone"));
        var parents = new List<ParentStateProfile>();
        foreach (var fk in fks)
        {
            if (earlier.FirstOrDefault(t => t.Name == fk.ReferencedTable) is { RowState: not null })
            {
                parents.Add(new ParentStateProfile
                {
                    ForeignKey = new ForeignKeyReference(fk.Name, fk.Columns),
                    Rows = 10,
                    ParentSetFraction = 0.3,
                    SetGivenParentSet = Math.Round(rnd.NextDouble(), 2),
                    SetGivenParentUnset = Math.Round(rnd.NextDouble() * 0.3, 2),
                });
            }
        }

        return new RowStateProfile
        {
            Column = "gone_at",
            Fraction = Math.Round(rnd.NextDouble(), 2),
            Columns =
            [
                new ConditionalColumnProfile
                {
                    Name = "gone",
                    Association = 1,
                    WhenSet = new ColumnStatistics { Distribution = new SameAsDistribution("id", 1) },
                    WhenUnset = new ColumnStatistics { Distribution = new CategoricalDistribution { Values = [new CategoryFrequency("0",
                        1)] } },
                },
            ],
            Parents = parents,
        };
    }

    /// <summary>
    /// For half of the foreign keys into an earlier table with a row state, the fan-out per side of that state: the
    /// histogram's parents dealt at random between the two sides (a side may get none).
    /// </summary>
    private static void WithStateFanOuts(Random rnd, List<ForeignKeyProfile> fks, List<TableProfile> earlier)
    {
        for (var f = 0; f < fks.Count; f++)
        {
            var fk = fks[f];
            if (fk.Stats is not { } stats || earlier.FirstOrDefault(t => t.Name == fk.ReferencedTable) is not { RowState: { } parentState }
                || rnd.Next(2) == 0)
                continue;
            var set = new List<(long Children, long Parents)>();
            var unset = new List<(long Children, long Parents)>();
            var share = rnd.NextDouble();
            foreach (var bin in stats.Histogram)
            {
                var toSet = (long)Math.Round(bin.Parents * share * (1 + bin.Children) / (1 + share * bin.Children));
                toSet = Math.Clamp(toSet, 0, bin.Parents);
                set.Add((bin.Children, toSet));
                unset.Add((bin.Children, bin.Parents - toSet));
            }

            fks[f] = fk with
            {
                Stats = stats with
                {
                    ByParentState = new ParentStateFanOuts { Column = parentState.Column, Set = Side(set), Unset = Side(unset) },
                },
            };
        }

        static StateFanOut Side(List<(long Children, long Parents)> bins)
        {
            var side = FanOut(0, [.. bins.Where(b => b.Parents > 0)]);
            return new StateFanOut
            {
                ParentRows = side.ParentRows, ChildRows = side.ChildRows, Mean = side.Mean, Max = side.Max, Histogram = side.Histogram,
            };
        }
    }

    // every pair of FKs with a profiled fan-out correlation, for half of the tables
    private static List<JointForeignKeyProfile> RandomJoint(Random rnd, List<ForeignKeyProfile> fks)
    {
        var joint = new List<JointForeignKeyProfile>();
        if (fks.Count < 2 || rnd.Next(2) == 0)
            return joint;
        for (var a = 0; a < fks.Count; a++)
        {
            for (var b = a + 1; b < fks.Count; b++)
            {
                joint.Add(new JointForeignKeyProfile
                {
                    First = new ForeignKeyReference(fks[a].Name, fks[a].Columns),
                    Second = new ForeignKeyReference(fks[b].Name, fks[b].Columns),
                    Rows = 10,
                    FanOutCorrelation = Math.Round((rnd.NextDouble() * 1.8) - 0.9, 3),
                });
            }
        }

        return joint;
    }

    private static FanOutStatistics RandomFanOut(Random rnd, long parents, double nullFraction)
    {
        var maxK = rnd.Next(1, 12);
        var counts = new Dictionary<long, long>();
        for (var p = 0; p < parents; p++)
        {
            var k = (long)Math.Floor(Math.Pow(rnd.NextDouble(), 2.5) * maxK);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        return FanOut(nullFraction, [.. counts.Select(p => (p.Key, p.Value))]);
    }

    private static ColumnProfile DataColumn(Random rnd, string name)
    {
        var nullable = rnd.Next(3) == 0;
        var nf = nullable ? 0.3 : 0;
        return rnd.Next(12) switch
        {
            0 => Column(name, "tinyint unsigned", ColumnCategory.Integer,
                new NumericDistribution { Integer = true, Quantiles = [-5, 10, 400] }, nullable, nf),
            1 => Column(name, "decimal(6,2)", ColumnCategory.Decimal, new NumericDistribution { Quantiles = [0.5, 12.345, 99999] },
                nullable, nf, precision: 6, scale: 2),
            2 => Text(name, rnd.Next(1, 60), (TextShape)rnd.Next(13), nullable, nf),
            3 => Column(name, "datetime", ColumnCategory.DateTime, new DateTimeDistribution { HasTime = true,
                Quantiles = ["2010-01-01T00:00:00", "2020-06-01T12:30:00"] }, nullable, nf),
            4 => Column(name, "date", ColumnCategory.Date, new DateTimeDistribution { Quantiles = ["2010-01-01T00:00:00",
                "2020-06-01T00:00:00"] }, nullable, nf),
            5 => Column(name, "boolean", ColumnCategory.Boolean, new BooleanDistribution(0.2), nullable, nf),
            6 => Column(name, "enum('a','b','c')", ColumnCategory.Enum, null, nullable, nf) with { EnumValues = ["a", "b", "c"] },
            7 => Column(name, "blob", ColumnCategory.Binary, new BinaryDistribution { Lengths = [0, 4, 30] }, nullable, nf, length: 65535),
            8 => Column(name, "double", ColumnCategory.Float, new NumericDistribution { Quantiles = [-1e6, 0, 3.5] }, nullable, nf),
            9 => Column(name, "time", ColumnCategory.Time, null, nullable, nf),
            10 => Column(name, "int", ColumnCategory.Integer, new CategoricalDistribution
            {
                Values = [new CategoryFrequency("1", 0.7), new CategoryFrequency("2", 0.2)],
                OtherFraction = 0.1,
                Other = new NumericDistribution { Integer = true, Quantiles = [10, 20] },
            }, nullable, nf),
            _ => Column(name, "text", ColumnCategory.Text, new EmptyDistribution(), nullable, nf),
        };
    }
}
