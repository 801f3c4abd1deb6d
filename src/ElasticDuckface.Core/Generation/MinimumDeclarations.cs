using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Minimum fan-outs declared when generating (<c>--min-children CHILD.COLUMN=N</c>), for whoever holds a profile but not
/// the database it came from: each sets <see cref="ForeignKeyProfile.MinChildren"/> on the single-column foreign key of
/// that column, overriding what the profile declares, as a review file's <c>min</c> line would have.
/// </summary>
public static class MinimumDeclarations
{
    /// <summary>The profile with each minimum set; the profile itself when there are none.</summary>
    /// <param name="profile">The profile read.</param>
    /// <param name="minimums">N per CHILD.COLUMN (the table name may hold dots: the last one splits).</param>
    /// <exception cref="PlanValidationException">An unknown table, no single-column foreign key on the column, a
    /// self-reference, or N below 1; every problem in one line (exit 2).</exception>
    public static DatabaseProfile Apply(DatabaseProfile profile, IReadOnlyDictionary<string, int> minimums)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(minimums);
        if (minimums.Count == 0)
            return profile;
        var errors = new List<string>();
        var set = new Dictionary<(string Table, string Fk), int>();
        foreach (var (name, n) in minimums.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var item = string.Create(CultureInfo.InvariantCulture, $"--min-children {name}={n}");
            var dot = name.LastIndexOf('.');
            var (tableName, column) = dot > 0 ? (name[..dot], name[(dot + 1)..]) : ("", "");
            var table = profile.Tables.FirstOrDefault(t => t.Name == tableName)
                ?? profile.Tables.FirstOrDefault(t => string.Equals(t.Name, tableName, StringComparison.OrdinalIgnoreCase));
            if (dot <= 0 || column.Length == 0)
                errors.Add($"{item} is not CHILD_TABLE.COLUMN=N (e.g. InvoiceLine.InvoiceId=1)");
            else if (table is null)
                errors.Add($"{item} names unknown table '{tableName}'{SchemaFacts.Suggest(tableName, profile.Tables.Select(t => t.Name))}");
            else if (table.ForeignKeys.FirstOrDefault(f => f.Columns is [var c]
                && string.Equals(c, column, StringComparison.OrdinalIgnoreCase)) is not { } fk)
                errors.Add($"{item}: '{table.Name}' has no single-column foreign key on '{column}'");
            else if (n < 1)
                errors.Add($"{item} asks for no child: give 1 or more");
            else if (fk.ReferencedTable == table.Name)
                errors.Add($"{item} is on a self-reference, which no finite table can meet");
            else
                set[(table.Name, fk.Name)] = n;
        }

        if (errors.Count > 0)
            throw new PlanValidationException(string.Join("; ", errors) + ".");
        return profile with
        {
            Tables = [.. profile.Tables.Select(t => t.ForeignKeys.Any(f => set.ContainsKey((t.Name, f.Name))) ? t with
            {
                ForeignKeys = [.. t.ForeignKeys.Select(f => set.TryGetValue((t.Name, f.Name), out var n) ? f with { MinChildren = n } : f)],
            } : t)],
        };
    }
}
