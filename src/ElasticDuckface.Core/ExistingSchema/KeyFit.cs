using ElasticDuckface.Profiles;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// The target's primary and unique keys against the profile's: a target key the profile does not keep unique may meet
/// duplicate generated values (the load then fails and leaves the target as it was).
/// </summary>
internal static class KeyFit
{
    public static void Compare(TableProfile table, TableProfile existing, List<SchemaDifference> found)
    {
        var profileKeys = table.UniqueKeys.Append(table.PrimaryKey).OfType<KeyProfile>().Select(k => k.Columns).ToList();
        foreach (var key in existing.UniqueKeys.Prepend(existing.PrimaryKey).OfType<KeyProfile>())
        {
            var primary = ReferenceEquals(key, existing.PrimaryKey);
            var what = (primary ? "primary key (" : "unique key (") + string.Join(", ", key.Columns) + ")";
            if (profileKeys.Any(k => k.All(c => key.Columns.Contains(c, StringComparer.OrdinalIgnoreCase))))
                continue;
            var generated = key.Columns.Where(c => table.FindColumn(c) is not null).ToList();
            if (generated.Count < key.Columns.Count)
            {
                var left = key.Columns.Except(generated, StringComparer.OrdinalIgnoreCase).ToList();
                var numbered = left.All(c => existing.FindColumn(c) is { AutoIncrement: true } or { Nullable: true });
                found.Add(new(numbered ? DifferenceSeverity.Info : DifferenceSeverity.Warning, SchemaDifferenceKind.KeyDiffers,
                    table.Name, null, $"the target's {what} holds {string.Join(", ", left)}, which the profile lacks"
                    + (numbered ? " (numbered by the target or NULL)" : ": rows may collide on it, and the load then fails")));
                continue;
            }

            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.KeyDiffers, table.Name, null,
                $"the target's {what} is not a key in the profile: duplicate generated values fail the load, "
                + "which then leaves the target as it was"));
        }
    }
}
