using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The soft-delete shape of a table whose flag hardly varies: a nullable date column <c>X_at</c> and its marker
/// <c>X</c> (Nova's <c>deleted_at</c> and <c>deleted</c>, oslo.db's soft delete), in a table where one side of the flag
/// has fewer than <see cref="DependencyAnalyzer.MinSideRows"/> sampled rows, so that
/// <see cref="DependencyAnalyzer.Learn"/> cannot judge it (Nova's <c>instance_actions</c>, never deleted; its shadow
/// tables and, in a real cloud, <c>instance_faults</c>, always deleted). The shape then comes from the names, with each
/// side described by its rows where it has some and by the convention where it has none.
/// </summary>
/// <remarks>
/// <para>Without it such a table draws <c>deleted</c> from one distribution over all rows: a row the parent's state
/// makes deleted gets <c>deleted = 0</c> (or a live one a random id), which is what migrations and
/// <c>archive_deleted_rows</c> select on.</para>
/// <para>The convention (oslo.db <c>SoftDeleteMixin</c>): a live row has marker 0 (false); a deleted row has marker =
/// its own integer key (true for a boolean marker, 1 for an integer marker without a single-column key). A side with
/// rows keeps what they show, and is a copy of a key column when every one of its markers equals that key.</para>
/// </remarks>
public static class SoftDeleteShape
{
    /// <summary>The flag column's suffix; the marker is the flag's name without it.</summary>
    private const string FlagSuffix = "_at";

    /// <summary>The table's soft-delete row state, or null when it has no such pair of columns or the data can judge it.</summary>
    /// <param name="table">The table's schema and column statistics.</param>
    /// <param name="sample">The sampled rows, values normalised as for <see cref="ColumnAnalyzer"/>.</param>
    /// <param name="tableRows">Rows in the whole table.</param>
    /// <param name="settings">Thresholds (<see cref="ProfileSettings.DependencyThreshold"/> 0 turns learning off).</param>
    public static RowStateProfile? Learn(TableProfile table, IReadOnlyList<object?[]> sample, long tableRows, ProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DependencyThreshold <= 0 || Pair(table) is not var (flag, marker))
            return null;
        var set = sample.Count(r => r[flag] is not null);
        if (set >= DependencyAnalyzer.MinSideRows && sample.Count - set >= DependencyAnalyzer.MinSideRows)
            return null; // both sides are big enough for the data to speak: DependencyAnalyzer.Learn found no dependency
        var keys = DependencyAnalyzer.KeyColumns(table);
        var columns = new List<int> { marker };
        var signatures = DependencyAnalyzer.Signatures(table, sample, columns, keys);
        var state = DependencyAnalyzer.Describe(table, sample, tableRows, settings, flag, columns, signatures, keys, reference: null);
        var described = state.Columns[0];
        var setRows = sample.Where(r => r[flag] is not null).ToList();
        var unsetRows = sample.Where(r => r[flag] is null).ToList();
        var conditioned = described with
        {
            WhenSet = Side(table, marker, setRows, keys, described.WhenSet, deleted: true),
            WhenUnset = Side(table, marker, unsetRows, keys, described.WhenUnset, deleted: false),
        };
        return state with { Columns = [conditioned] };
    }

    /// <summary>The first (flag, marker) pair of eligible columns: a nullable date/datetime <c>X_at</c> and an integer or
    /// boolean <c>X</c>.</summary>
    private static (int Flag, int Marker)? Pair(TableProfile table)
    {
        var eligible = DependencyAnalyzer.Eligible(table);
        foreach (var flag in eligible)
        {
            var column = table.Columns[flag];
            if (!column.Nullable || column.Category is not (ColumnCategory.Date or ColumnCategory.DateTime)
                || !column.Name.EndsWith(FlagSuffix, StringComparison.OrdinalIgnoreCase) || column.Name.Length == FlagSuffix.Length)
                continue;
            var name = column.Name[..^FlagSuffix.Length];
            var marker = eligible.FirstOrDefault(c => string.Equals(table.Columns[c].Name, name, StringComparison.OrdinalIgnoreCase), -1);
            if (marker >= 0 && table.Columns[marker].Category is ColumnCategory.Integer or ColumnCategory.Boolean)
                return (flag, marker);
        }

        return null;
    }

    /// <summary>One side of the marker: a key copy when every observed marker equals that key, the observed statistics
    /// otherwise, the convention when the side has no row.</summary>
    private static ColumnStatistics Side(TableProfile table, int marker, List<object?[]> rows, int[] keys, ColumnStatistics observed,
        bool deleted)
    {
        var values = rows.Where(r => r[marker] is not null).ToList();
        var convention = Convention(table, marker, keys, deleted);
        if (values.Count > 0)
        {
            foreach (var k in keys.Where(k => k != marker))
            {
                if (values.All(r => DependencyAnalyzer.Same(r[marker], r[k])))
                    return observed with { Distribution = new SameAsDistribution(table.Columns[k].Name, 1) };
            }

            // every live marker is 0: the convention itself, which reveals nothing (a handful of rows would otherwise
            // fold it into a coarse range under the privacy rule, and draw 0.5s)
            return !deleted && values.All(r => IsZero(r[marker])) ? convention : observed;
        }

        return rows.Count > 0 ? observed : convention; // markers all NULL on a side with rows: that is what it shows
    }

    /// <summary>What oslo.db writes: 0 (false) on a live row; on a deleted one the row's integer key, true, or 1.</summary>
    private static ColumnStatistics Convention(TableProfile table, int marker, int[] keys, bool deleted)
    {
        var boolean = table.Columns[marker].Category == ColumnCategory.Boolean;
        Distribution distribution = boolean ? new BooleanDistribution(deleted ? 1 : 0)
            : deleted && IntegerKey(table, keys) is { } key ? new SameAsDistribution(key, 1)
            : new CategoricalDistribution { Values = [new CategoryFrequency(deleted ? "1" : "0", 1)] };
        return new ColumnStatistics
        {
            NullFraction = 0,
            DistinctCount = distribution is SameAsDistribution ? 0 : 1,
            Distribution = distribution,
        };
    }

    private static bool IsZero(object? value) => value switch
    {
        double d => d == 0,
        long l => l == 0,
        bool b => !b,
        _ => false,
    };

    /// <summary>The first single-column integer key (the primary key first), whose value a deleted row's marker copies.</summary>
    private static string? IntegerKey(TableProfile table, int[] keys) =>
        keys.Select(k => table.Columns[k]).FirstOrDefault(c => c.Category == ColumnCategory.Integer)?.Name;
}
