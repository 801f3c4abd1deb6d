using System.Globalization;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// The profile compared with an existing target schema (<see cref="SchemaComparer"/>): every difference worst first,
/// the tables the run fills (parents before children as the profile orders them) and the target tables left untouched.
/// </summary>
/// <param name="Differences">Every difference, fatal first, then by table and column.</param>
/// <param name="Tables">The tables to fill, in the profile's order.</param>
/// <param name="Untouched">The target tables the run never writes (excluded, bookkeeping, unknown to the profile), sorted.</param>
public sealed record SchemaComparison(IReadOnlyList<SchemaDifference> Differences, IReadOnlyList<TableMapping> Tables,
    IReadOnlyList<string> Untouched)
{
    /// <summary>The differences that make integrity impossible.</summary>
    public IReadOnlyList<SchemaDifference> Fatal => [.. Differences.Where(d => d.Severity == DifferenceSeverity.Fatal)];

    /// <summary>Whether the run must be refused.</summary>
    public bool Refused => Differences.Any(d => d.Severity == DifferenceSeverity.Fatal);

    /// <summary>One line: how many tables are filled and how many differences of each severity.</summary>
    public string Summary()
    {
        int Count(DifferenceSeverity s) => Differences.Count(d => d.Severity == s);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Tables.Count} tables to fill, {Untouched.Count} left untouched; {Count(DifferenceSeverity.Fatal)} fatal, "
            + $"{Count(DifferenceSeverity.Warning)} warnings, {Count(DifferenceSeverity.Info)} notes");
    }

    /// <summary>
    /// The same fill with every generated whole-number key moved past the largest one already in the target
    /// (<c>--append</c>): each table's single-column integer primary key by that table's largest key, and every written
    /// single-column reference to it by its parent's.
    /// </summary>
    /// <param name="largestKeys">The largest primary key value per filled table (profile names); tables without rows or
    /// without a single integer key are absent.</param>
    public SchemaComparison WithKeysAfter(IReadOnlyDictionary<string, long> largestKeys)
    {
        ArgumentNullException.ThrowIfNull(largestKeys);
        if (largestKeys.Count == 0)
            return this;
        // a key moves only when it is the table's single-column primary key, a reference only when it points at one
        var keys = Tables.Where(t => t.Profile.PrimaryKey is { Columns.Count: 1 } && largestKeys.ContainsKey(t.Profile.Name))
            .ToDictionary(t => t.Profile.Name, t => (Column: t.Profile.PrimaryKey!.Columns[0], Largest: largestKeys[t.Profile.Name]),
                StringComparer.Ordinal);
        var tables = Tables.Select(t => t with { Shifts = Shifts(t, keys) }).ToList();
        return this with { Tables = tables };
    }

    private static long[] Shifts(TableMapping table, Dictionary<string, (string Column, long Largest)> keys)
    {
        var profile = table.Profile;
        var shifts = new long[table.Sources.Count];
        for (var i = 0; i < shifts.Length; i++)
        {
            var column = profile.Columns[table.Sources[i]].Name;
            if (keys.TryGetValue(profile.Name, out var own) && own.Column == column)
                shifts[i] = own.Largest;
            foreach (var fk in profile.ForeignKeys)
            {
                if (fk.Columns is [var child] && child == column && keys.TryGetValue(fk.ReferencedTable, out var parent)
                    && fk.ReferencedColumns[0] == parent.Column)
                    shifts[i] = parent.Largest;
            }
        }

        return shifts;
    }
}
