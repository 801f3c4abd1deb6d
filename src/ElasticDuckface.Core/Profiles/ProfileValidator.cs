using System.Globalization;

namespace ElasticDuckface.Profiles;

/// <summary>Checks a deserialized profile for internal consistency, collecting every problem before it throws once.</summary>
internal static class ProfileValidator
{
    public static void Validate(DatabaseProfile profile, string sourceName)
    {
        var errors = new List<string>();
        ProfileNulls.Find(profile, "$", errors);
        if (errors.Count > 0)
            Throw(errors, sourceName);
        var tables = new Dictionary<string, TableProfile>(StringComparer.Ordinal);
        for (var i = 0; i < profile.Tables.Count; i++)
        {
            var t = profile.Tables[i];
            if (string.IsNullOrEmpty(t.Name))
                errors.Add($"$.tables[{i}].name is empty");
            else if (!tables.TryAdd(t.Name, t))
                errors.Add($"$.tables[{i}]: table '{t.Name}' appears twice");
            if (t.RowCount is < 0 or > MaxCount)
                errors.Add($"$.tables[{i}].rowCount is {(t.RowCount < 0 ? "negative" : "beyond any table")}");
        }

        for (var i = 0; i < profile.Tables.Count; i++)
        {
            var t = profile.Tables[i];
            var names = new HashSet<string>(t.Columns.Select(c => c.Name), StringComparer.Ordinal);
            void CheckColumns(IEnumerable<string> cols, string where)
            {
                foreach (var c in cols.Where(c => !names.Contains(c)))
                    errors.Add($"{where} names unknown column '{c}' of table '{t.Name}'");
            }

            if (t.PrimaryKey is { } pk)
                CheckColumns(pk.Columns, $"$.tables[{i}].primaryKey");
            for (var k = 0; k < t.UniqueKeys.Count; k++)
                CheckColumns(t.UniqueKeys[k].Columns, $"$.tables[{i}].uniqueKeys[{k}]");
            for (var f = 0; f < t.ForeignKeys.Count; f++)
            {
                var fk = t.ForeignKeys[f];
                var where = string.Create(CultureInfo.InvariantCulture, $"$.tables[{i}].foreignKeys[{f}]");
                CheckColumns(fk.Columns, where);
                if (!tables.TryGetValue(fk.ReferencedTable, out var parent))
                {
                    errors.Add($"{where} references unknown table '{fk.ReferencedTable}'");
                    continue;
                }

                if (fk.Columns.Count != fk.ReferencedColumns.Count || fk.Columns.Count == 0)
                    errors.Add($"{where} has {fk.Columns.Count} columns but references {fk.ReferencedColumns.Count}");
                foreach (var rc in fk.ReferencedColumns.Where(rc => parent.FindColumn(rc) is null))
                    errors.Add($"{where} references unknown column '{rc}' of table '{parent.Name}'");
                if (fk.Stats is { } s && s.Histogram.Any(b => b.Children is < 0 or > MaxCount || b.Parents is < 0 or > MaxCount))
                    errors.Add($"{where}.stats.histogram has a count that is negative or beyond any table");
                else if (fk.Stats is { } h && h.Histogram.Sum(b => (double)b.Children * b.Parents) > MaxCount)
                    errors.Add($"{where}.stats.histogram counts more children than any table holds");
                CheckClusters(fk.Stats?.Clusters, $"{where}.stats.clusters", tables, errors);
                if (fk.MinChildren < 0)
                    errors.Add($"{where}.minChildren is negative; give 0 (no minimum) or more");
                else if (fk.MinChildren > 0 && fk.ReferencedTable == t.Name)
                    errors.Add($"{where}.minChildren is set on a self-reference, which no finite table can meet; remove it");
            }
        }

        if (errors.Count > 0)
            Throw(errors, sourceName);
    }

    /// <summary>A fan-out's cluster paths: a known ancestor, at least one foreign key followed, counts within any table's
    /// and cluster sizes of at least one child. A path inconsistent with its histogram is not an error: growth ignores it.</summary>
    private static void CheckClusters(IReadOnlyList<FanOutClusters>? clusters, string where,
        Dictionary<string, TableProfile> tables, List<string> errors)
    {
        for (var c = 0; c < (clusters?.Count ?? 0); c++)
        {
            var path = clusters![c];
            var at = string.Create(CultureInfo.InvariantCulture, $"{where}[{c}]");
            if (path.Ancestor is null || !tables.ContainsKey(path.Ancestor))
                errors.Add($"{at}.ancestor names unknown table '{path.Ancestor}'");
            if (path.Via is not { Count: > 0 })
                errors.Add($"{at}.via is empty: name the foreign keys followed to the ancestor");
            if (path.PerParent is null || path.Sizes is null
                || path.PerParent.Concat(path.Sizes).Any(b => b.Children is < 0 or > MaxCount || b.Parents is < 0 or > MaxCount))
                errors.Add($"{at} has a count that is missing, negative or beyond any table");
            else if (path.Sizes.Any(b => b.Children < 1 && b.Parents > 0))
                errors.Add($"{at}.sizes has a cluster of no child: every size is at least 1");
        }
    }

    /// <summary>Row and child counts above this are not a real table's (a hand edit or a damaged file): a trillion rows.</summary>
    private const long MaxCount = 1_000_000_000_000;

    private static void Throw(List<string> errors, string sourceName)
    {
        var shown = string.Join("; ", errors.Take(5));
        var more = errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "";
        throw new ProfileFormatException($"{sourceName} is inconsistent: {shown}{more}. Regenerate it with 'duckface profile'.", "$");
    }
}
