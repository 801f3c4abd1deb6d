using ElasticDuckface.Profiles;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// Compares a profile with a schema the application's own migrations made (<c>generate --into-existing</c>, issue 10):
/// which tables and columns both have, which types, nullability, keys and references differ, and whether the
/// profile's rows can go in with integrity. Names match as <see cref="TableProfile.FindColumn"/> does (ordinal, then
/// case-insensitive).
/// </summary>
public static class SchemaComparer
{
    /// <summary>Compares <paramref name="profile"/>'s tables with <paramref name="target"/>'s.</summary>
    /// <param name="profile">The profile's tables, in its order (parents before children is not required).</param>
    /// <param name="target">The target's tables as its engine's schema reader sees them.</param>
    /// <param name="options">What to leave alone.</param>
    public static SchemaComparison Compare(IReadOnlyList<TableProfile> profile, IReadOnlyList<TableProfile> target,
        ExistingSchemaOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var found = new List<SchemaDifference>();
        var excluded = new HashSet<string>(options.Exclude, StringComparer.OrdinalIgnoreCase);
        var bookkeeping = new HashSet<string>(options.Bookkeeping, StringComparer.OrdinalIgnoreCase);
        var pairs = new List<(TableProfile Profile, TableProfile Target)>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var matchedTargets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in profile)
        {
            var existing = Find(target, table.Name);
            if (existing is not null)
                matchedTargets.Add(existing.Name);
            if (Skipped(table.Name, excluded, bookkeeping) is { } why)
                found.Add(new(DifferenceSeverity.Info, SchemaDifferenceKind.TableExcluded, table.Name, null, why + ": left untouched"));
            else if (existing is null)
                missing.Add(table.Name);
            else
                pairs.Add((table, existing));
        }

        var untouched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in target.Where(t => !pairs.Any(p => p.Target.Name == t.Name)))
        {
            untouched.Add(table.Name);
            if (!matchedTargets.Contains(table.Name))
            {
                found.Add(Skipped(table.Name, excluded, bookkeeping) is { } why
                    ? new(DifferenceSeverity.Info, SchemaDifferenceKind.TableExcluded, table.Name, null, why + ": left untouched")
                    : new(DifferenceSeverity.Info, SchemaDifferenceKind.TableOnlyInTarget, table.Name, null,
                        "not in the profile: left untouched"));
            }
        }

        foreach (var name in options.Exclude.Where(n => Find(profile, n) is null && Find(target, n) is null))
        {
            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.UnknownExclude, name, null,
                "named by --exclude but neither the profile nor the target has it"));
        }

        if (pairs.Count == 0)
        {
            found.Add(new(DifferenceSeverity.Fatal, SchemaDifferenceKind.NoTableInCommon, "*", null,
                $"none of the profile's {profile.Count} tables is in the target ({target.Count} tables): "
                + "check the database name, or run the application's migrations first"));
        }

        var filled = pairs.ToDictionary(p => p.Profile.Name, p => p.Target, StringComparer.Ordinal);
        var mappings = new List<TableMapping>();
        foreach (var (table, existing) in pairs)
        {
            var columns = ColumnFit.Compare(table, existing, options, found);
            KeyFit.Compare(table, existing, found);
            mappings.Add(ReferenceFit.Map(table, existing, columns, filled, missing, found));
        }

        foreach (var name in missing)
        {
            var referencedBy = pairs.Where(p => p.Profile.ForeignKeys.Any(fk => fk.ReferencedTable == name)).Select(p => p.Profile.Name)
                .ToList();
            found.Add(referencedBy.Count == 0
                ? new(DifferenceSeverity.Warning, SchemaDifferenceKind.TableMissingInTarget, name, null,
                    "absent from the target: not filled")
                : new(DifferenceSeverity.Fatal, SchemaDifferenceKind.TableMissingInTarget, name, null,
                    $"absent from the target, yet {string.Join(", ", referencedBy)} refers to it: "
                    + "those rows would point at rows that cannot exist (run the migration that creates it, or --exclude them)"));
        }

        var ordered = found.OrderByDescending(d => d.Severity).ThenBy(d => d.Table, StringComparer.Ordinal)
            .ThenBy(d => d.Column ?? "", StringComparer.Ordinal).ThenBy(d => d.Kind).ToList();
        return new SchemaComparison(ordered, mappings, [.. untouched]);
    }

    /// <summary>Finds a table by name: ordinal, then case-insensitive.</summary>
    internal static TableProfile? Find(IReadOnlyList<TableProfile> tables, string name) =>
        tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
        ?? tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string? Skipped(string name, HashSet<string> excluded, HashSet<string> bookkeeping) =>
        excluded.Contains(name) ? "named by --exclude" : bookkeeping.Contains(name) ? "a bookkeeping table" : null;
}
