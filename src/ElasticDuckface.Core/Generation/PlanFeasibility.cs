using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// The checks a planned set of row counts must pass before anything is generated: array limits, parents for every
/// child, one-to-one keys, pair keys' room and declared minimums. Each problem is added to the list, not thrown, so that
/// the planner reports them all in one error.
/// </summary>
internal static class PlanFeasibility
{
    public static void Check(SortedDictionary<string, TableProfile> tables, Dictionary<string, TablePlan> plans,
        List<string> errors)
    {
        foreach (var (name, t) in tables)
        {
            var rows = plans[name].TargetRows;
            var layout = new KeyLayout(t, tables);
            // a streamed assignment holds per-parent state only; the in-memory one (and any parent) is a .NET array
            if (rows > Array.MaxLength && t.ForeignKeys.Count > 0 && !ParentAssigner.Streamable(t, layout))
                errors.Add(Invariant(
                    $"table '{name}' would get {rows} rows; ")
                        + Invariant($"tables whose keys are assigned in memory (a self-reference, or a composite or rank key ")
                        + Invariant($"that does not start with the main foreign key) are limited to {Array.MaxLength} rows: ")
                        + "lower its factor");
            foreach (var fk in t.ForeignKeys)
            {
                if (!plans.TryGetValue(fk.ReferencedTable, out var parent))
                    continue;
                if (parent.TargetRows > Array.MaxLength)
                    errors.Add(Invariant($"{name}.{fk.Name}: '{fk.ReferencedTable}' would get {parent.TargetRows} rows; ")
                        + Invariant($"a referenced table is limited to {Array.MaxLength} rows (a fan-out per parent): lower its factor"));
                var children = SchemaFacts.NonNullChildren(t, fk, rows);
                var parents = SchemaFacts.IsSelf(t, fk) ? rows : parent.TargetRows;
                if (children > 0 && parents == 0)
                {
                    errors.Add(Invariant(
                        $"{name}.{fk.Name}: {children} rows need a parent in '{fk.ReferencedTable}', which gets 0 rows; ")
                        + Invariant($"raise the factor of '{fk.ReferencedTable}' or lower that of '{name}'"));
                }
                else if (SchemaFacts.IsOneToOne(t, fk) && children > parents)
                {
                    errors.Add(Invariant(
                        $"{name}.{fk.Name} is one-to-one but {children} rows would share {parents} rows of '{fk.ReferencedTable}'; ")
                        + Invariant($"raise the factor of '{fk.ReferencedTable}' or lower that of '{name}'"));
                }

                if (fk.MinChildren > 0 && parents > 0 && (children < parents * fk.MinChildren
                    || (SchemaFacts.IsOneToOne(t, fk) && fk.MinChildren > 1)))
                {
                    errors.Add(Invariant(
                        $"{name}.{fk.Name} declares at least {fk.MinChildren} per row of '{fk.ReferencedTable}' (minChildren) ")
                        + Invariant($"but {children} rows cannot give each of its {parents} rows that many; ")
                        + Invariant($"raise the factor of '{name}' or lower that of '{fk.ReferencedTable}'"));
                }
            }

            foreach (var (first, second) in layout.Pairs)
            {
                var p1 = ParentRows(layout.ForeignKeys[first]);
                var p2 = ParentRows(layout.ForeignKeys[second]);
                if ((Int128)p1 * p2 < rows)
                {
                    errors.Add(Invariant(
                        $"{name}: the key over {layout.ForeignKeys[first].Name} and {layout.ForeignKeys[second].Name} ")
                        + Invariant($"can hold at most {p1} × {p2} distinct pairs ")
                        + Invariant($"but {rows} rows are planned; lower the factor of '{name}'"));
                }

                // a parent's children are distinct partners: at most the other side's rows of them
                foreach (var (side, other) in new[] { (first, second), (second, first) })
                {
                    var fk = layout.ForeignKeys[side];
                    var partners = ParentRows(layout.ForeignKeys[other]);
                    if (fk.MinChildren > partners)
                    {
                        errors.Add(Invariant(
                            $"{name}.{fk.Name} declares at least {fk.MinChildren} per row of '{fk.ReferencedTable}' (minChildren) ")
                            + Invariant($"but each pairs with distinct rows of '{layout.ForeignKeys[other].ReferencedTable}', ")
                            + Invariant($"which gets {partners}; raise the factor of '{layout.ForeignKeys[other].ReferencedTable}'"));
                    }
                }
            }

            long ParentRows(ForeignKeyProfile fk) =>
                SchemaFacts.IsSelf(t, fk) ? rows : plans.TryGetValue(fk.ReferencedTable, out var p) ? p.TargetRows : 0;
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
