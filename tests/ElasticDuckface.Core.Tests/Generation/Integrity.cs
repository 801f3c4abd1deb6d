using System.Collections;
using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>Hard checks on generated rows: counts, types, NOT NULL, key uniqueness, FK existence.</summary>
internal static class Integrity
{
    public static Dictionary<string, List<object?[]>> Generate(RowGenerator generator, GenerationPlan plan) =>
        plan.Tables.ToDictionary(t => t.Name, t => generator.Rows(t.Name).ToList(), StringComparer.Ordinal);

    public static List<string> Problems(DatabaseProfile profile, GenerationPlan plan, Dictionary<string, List<object?[]>> data)
    {
        var problems = new List<string>();
        foreach (var t in profile.Tables)
        {
            var tp = plan[t.Name];
            var rows = data[t.Name];
            var expected = tp.Adjusted ? tp.TargetRows : (long)Math.Round(t.RowCount * tp.Factor, MidpointRounding.AwayFromZero);
            if (rows.Count != expected || tp.TargetRows != expected)
                problems.Add($"{t.Name}: {rows.Count} rows, planned {tp.TargetRows}, expected {expected}");
            for (var c = 0; c < t.Columns.Count; c++)
            {
                var col = t.Columns[c];
                foreach (var row in rows)
                {
                    var v = row[c];
                    if (v is null)
                    {
                        if (!col.Nullable)
                            problems.Add($"{t.Name}.{col.Name} is NOT NULL but got NULL");
                    }
                    else if (!HasAdrType(col, v))
                    {
                        problems.Add($"{t.Name}.{col.Name} ({col.Category}) got a {v.GetType().Name}");
                    }
                    else if (v is string s && col.Length is { } len && s.Length > len)
                    {
                        problems.Add($"{t.Name}.{col.Name} got {s.Length} characters, more than {len}");
                    }
                }
            }

            foreach (var key in Keys(t))
            {
                var idx = key.Columns.Select(k => Index(t, k)).ToArray();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    if (idx.Any(i => row[i] is null))
                        continue;
                    if (!seen.Add(Tuple(row, idx)))
                        problems.Add($"{t.Name}: duplicate key ({string.Join(", ", key.Columns)}) = {Tuple(row, idx)}");
                }
            }

            foreach (var fk in t.ForeignKeys)
            {
                var parent = profile.Tables.Single(p => p.Name == fk.ReferencedTable);
                var pIdx = fk.ReferencedColumns.Select(k => Index(parent, k)).ToArray();
                var cIdx = fk.Columns.Select(k => Index(t, k)).ToArray();
                var parentKeys = data[parent.Name].Select(r => Tuple(r, pIdx)).ToHashSet(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    if (cIdx.Any(i => row[i] is null))
                        continue;
                    if (!parentKeys.Contains(Tuple(row, cIdx)))
                        problems.Add($"{t.Name}.{fk.Name}: orphan {Tuple(row, cIdx)}");
                }
            }

            // a row state: every conditioned column that copies a key does so exactly in the state, and a side that
            // holds a single category holds it on every row of that side
            if (t.RowState is { } state)
            {
                var flag = Index(t, state.Column);
                foreach (var conditional in state.Columns)
                {
                    var c = Index(t, conditional.Name);
                    foreach (var row in rows)
                    {
                        var side = row[flag] is not null ? conditional.WhenSet : conditional.WhenUnset;
                        if (side.Distribution is SameAsDistribution same && !Equals(Convert.ToInt64(row[c], CultureInfo.InvariantCulture),
                            Convert.ToInt64(row[Index(t, same.Column)], CultureInfo.InvariantCulture)))
                            problems.Add($"{t.Name}.{conditional.Name} = {row[c]} in the state, not {same.Column} = {row[Index(t, same.Column)]}");
                        if (side.Distribution is CategoricalDistribution { Values: [var only],
                            OtherFraction: 0 } && Convert.ToString(row[c], CultureInfo.InvariantCulture) != only.Value)
                            problems.Add($"{t.Name}.{conditional.Name} = {row[c]} out of the state, not {only.Value}");
                    }
                }
            }
        }

        return problems;
    }

    public static bool SameRows(List<object?[]> a, List<object?[]> b) =>
        a.Count == b.Count && a.Zip(b).All(p => StructuralComparisons.StructuralEqualityComparer.Equals(p.First, p.Second));

    private static IEnumerable<KeyProfile> Keys(TableProfile t) => t.PrimaryKey is { } pk ? t.UniqueKeys.Prepend(pk) : t.UniqueKeys;

    private static int Index(TableProfile t, string column) => t.Columns.ToList().FindIndex(c => c.Name == column);

    private static string Tuple(object?[] row, int[] idx) => string.Join("|", idx.Select(i => Text(row[i])));

    private static string Text(object? v) => v switch
    {
        null => "∅",
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static bool HasAdrType(ColumnProfile col, object v) => col.Category switch
    {
        ColumnCategory.Integer or ColumnCategory.Year => v is long,
        ColumnCategory.Decimal => v is decimal,
        ColumnCategory.Float => v is double,
        ColumnCategory.Boolean => v is bool,
        ColumnCategory.Binary => v is byte[],
        ColumnCategory.Date => v is DateTime { Kind: DateTimeKind.Unspecified, TimeOfDay.Ticks: 0 },
        ColumnCategory.DateTime => v is DateTime { Kind: DateTimeKind.Unspecified },
        ColumnCategory.Time => v is TimeSpan,
        _ => v is string,
    };
}
