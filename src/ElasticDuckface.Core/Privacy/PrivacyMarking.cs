using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Privacy;

/// <summary>
/// Puts a <see cref="PrivacyFile"/>'s markings on a schema before it is profiled (<see cref="ColumnProfile.Privacy"/>,
/// <see cref="TableProfile.Privacy"/>), so the profiler describes each column as marked; also copies a profile's
/// markings onto a target's schema, so verify measures the target like the profile was measured.
/// </summary>
public static class PrivacyMarking
{
    /// <summary>
    /// A public table keeps its rows verbatim in the profile up to this many rows (a lookup or bookkeeping table); a larger
    /// one is refused (mark its columns public instead: values verbatim, rows generated).
    /// </summary>
    public const int MaxPublicTableRows = 10_000;

    /// <summary>Marks <paramref name="schema"/> as <paramref name="file"/> says: a column's own marking wins over its table's.</summary>
    /// <exception cref="DuckfaceException">The file names a table or column the schema lacks (exit 2; every name, with
    /// a "did you mean"); nothing is profiled.</exception>
    public static IReadOnlyList<TableProfile> Apply(IReadOnlyList<TableProfile> schema, PrivacyFile file)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(file);
        var byName = schema.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var errors = new List<string>();
        var marked = new Dictionary<string, TableProfile>(StringComparer.Ordinal);
        foreach (var entry in file.Tables)
        {
            if (!byName.TryGetValue(entry.Table, out var table))
            {
                errors.Add($"unknown table '{entry.Table}'{SchemaFacts.Suggest(entry.Table, byName.Keys)}");
                continue;
            }

            var own = new Dictionary<string, ColumnPrivacy>(StringComparer.Ordinal);
            foreach (var c in entry.Columns)
            {
                if (table.FindColumn(c.Column) is { } column)
                    own[column.Name] = c.Privacy;
                else
                {
                    var suggestion = SchemaFacts.Suggest(c.Column, table.Columns.Select(x => x.Name));
                    errors.Add($"unknown column '{table.Name}.{c.Column}'{suggestion}");
                }
            }

            var tablePrivacy = entry.Privacy is ColumnPrivacy.Default ? null : entry.Privacy;
            marked[table.Name] = table with
            {
                Privacy = tablePrivacy,
                Columns = [.. table.Columns.Select(c => c with
                {
                    Privacy = Marked(own.TryGetValue(c.Name, out var p) ? p : tablePrivacy ?? ColumnPrivacy.Default),
                })],
            };
        }

        if (errors.Count > 0)
        {
            throw new DuckfaceException($"{Capitalized(file.Source)} names {string.Join("; ", errors)}: fix the names "
                + "('duckface privacy suggest SOURCE -o FILE' writes every table and column); nothing was written.");
        }

        return [.. schema.Select(t => marked.GetValueOrDefault(t.Name, t))];
    }

    /// <summary>
    /// The markings of <paramref name="reference"/>'s tables and columns on the same-named ones of <paramref name="schema"/>.
    /// </summary>
    public static IReadOnlyList<TableProfile> CopyFrom(DatabaseProfile reference, IReadOnlyList<TableProfile> schema)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(schema);
        var byName = reference.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return [.. schema.Select(t => !byName.TryGetValue(t.Name, out var r) ? t : t with
        {
            Privacy = r.Privacy,
            Columns = [.. t.Columns.Select(c => c with { Privacy = r.FindColumn(c.Name)?.Privacy })],
        })];
    }

    /// <summary>The columns of <paramref name="table"/> marked <paramref name="privacy"/>.</summary>
    public static IEnumerable<ColumnProfile> Columns(TableProfile table, ColumnPrivacy privacy)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Columns.Where(c => (c.Privacy ?? ColumnPrivacy.Default) == privacy);
    }

    private static ColumnPrivacy? Marked(ColumnPrivacy p) => p == ColumnPrivacy.Default ? null : p;

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
