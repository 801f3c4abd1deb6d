using ElasticDuckface.Profiles;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// The references of one filled table: the target's declared foreign keys and the profile's references, which must
/// point at tables this run fills and be known to the profile (else generated values would not be parent keys), and
/// the <see cref="TableMapping"/> that writes the table.
/// </summary>
internal static class ReferenceFit
{
    /// <param name="table">The profile's table.</param>
    /// <param name="existing">The target's table.</param>
    /// <param name="columns">The adapted profile table and the written columns (<see cref="ColumnFit"/>).</param>
    /// <param name="filled">Every filled table: profile name → target table.</param>
    /// <param name="missing">Profile tables absent from the target (the comparer reports references to them).</param>
    /// <param name="found">Receives the differences.</param>
    public static TableMapping Map(TableProfile table, TableProfile existing,
        (TableProfile Adapted, List<(int Source, ColumnProfile Target)> Written) columns,
        Dictionary<string, TableProfile> filled, HashSet<string> missing, List<SchemaDifference> found)
    {
        var written = columns.Written.Select(w => w.Target.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var parentOf = filled.ToDictionary(f => f.Value.Name, f => f.Key, StringComparer.Ordinal);
        var checkedKeys = new List<ForeignKeyProfile>();
        foreach (var fk in existing.ForeignKeys)
        {
            var what = $"the target's {fk.Name} ({string.Join(", ", fk.Columns)}) → {fk.ReferencedTable}";
            if (!fk.Columns.Any(written.Contains))
            {
                found.Add(new(DifferenceSeverity.Info, SchemaDifferenceKind.ForeignKeyOnlyInTarget, table.Name, null,
                    what + ": its columns are not in the profile and stay NULL or default"));
                continue;
            }

            if (!parentOf.TryGetValue(fk.ReferencedTable, out var parent))
            {
                found.Add(new(DifferenceSeverity.Fatal, SchemaDifferenceKind.ForeignKeyToUnfilledTable, table.Name, null,
                    what + ": this run does not fill that table (excluded, bookkeeping or not in the profile), so the written "
                    + "values would point at rows that do not exist (fill it too, or --exclude this table)"));
                continue;
            }

            if (Same(table.ForeignKeys, fk.Columns, parent) is null)
            {
                found.Add(new(DifferenceSeverity.Fatal, SchemaDifferenceKind.ForeignKeyOnlyInTarget, table.Name, null,
                    what + ": the profile has no such reference, so generated values would not be keys of " + fk.ReferencedTable
                    + " (profile a database that declares it, or --exclude this table)"));
                continue;
            }

            if (fk.Columns.All(written.Contains))
                checkedKeys.Add(fk);
        }

        foreach (var fk in table.ForeignKeys)
        {
            if (!filled.TryGetValue(fk.ReferencedTable, out var parentTarget))
            {
                // a reference the target declares too was reported above; one to a missing table by the comparer
                var declared = existing.ForeignKeys.Any(t => t.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase));
                if (!missing.Contains(fk.ReferencedTable) && !declared)
                {
                    // an inferred reference has no constraint in the target: the rows load, only the application would notice
                    found.Add(new(fk.Declared ? DifferenceSeverity.Fatal : DifferenceSeverity.Warning,
                        SchemaDifferenceKind.ForeignKeyToUnfilledTable, table.Name, null,
                        $"the profile's {fk.Name} refers to {fk.ReferencedTable}, which this run leaves untouched (excluded or "
                        + "bookkeeping): its rows would point at rows never written (fill it too, or --exclude this table)"));
                }

                continue;
            }

            var childColumns = fk.Columns.Select(c => existing.FindColumn(c)?.Name).ToList();
            var parentColumns = fk.ReferencedColumns.Select(c => parentTarget.FindColumn(c)?.Name).ToList();
            if (childColumns.Any(c => c is null) || parentColumns.Any(c => c is null))
                continue; // a column the target lacks is already reported: the reference is not written
            if (existing.ForeignKeys.Any(t => Same([fk], t.Columns, fk.ReferencedTable) is not null
                && string.Equals(t.ReferencedTable, parentTarget.Name, StringComparison.Ordinal)))
                continue;
            found.Add(new(DifferenceSeverity.Info, SchemaDifferenceKind.ForeignKeyOnlyInProfile, table.Name, null,
                $"the profile's {fk.Name} ({string.Join(", ", fk.Columns)}) → {fk.ReferencedTable} is not declared in the target: "
                + "generated as a reference all the same, and checked"));
            checkedKeys.Add(fk with { Columns = childColumns!, ReferencedTable = parentTarget.Name, ReferencedColumns = parentColumns! });
        }

        var target = existing with
        {
            Columns = [.. columns.Written.Select(w => w.Target)],
            Indexes = [],
            ForeignKeys = checkedKeys,
            JointForeignKeys = [],
            ChildFanOutCorrelations = [],
            RowState = null,
            Orderings = [],
        };
        return new TableMapping { Profile = columns.Adapted, Target = target, Sources = [.. columns.Written.Select(w => w.Source)] };
    }

    /// <summary>The profile reference on <paramref name="columns"/> (case-insensitive, in order) to <paramref name="parent"/>.</summary>
    private static ForeignKeyProfile? Same(IReadOnlyList<ForeignKeyProfile> keys, IReadOnlyList<string> columns, string parent) =>
        keys.FirstOrDefault(k => string.Equals(k.ReferencedTable, parent, StringComparison.Ordinal)
            && k.Columns.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase));
}
