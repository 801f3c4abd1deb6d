using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>Names what a faithful copy should also preserve but this comparison did not measure, without numbers.</summary>
internal static class NotMeasuredYet
{
    /// <summary>
    /// Other column dependencies always; row states and joint foreign keys only for those that could not be compared
    /// (a profile written before <c>jointForeignKeys</c> existed, or a target without the table, flag or foreign keys).
    /// </summary>
    public static List<NotMeasured> For(DatabaseProfile profile, IReadOnlyList<TableFidelity> tables)
    {
        var result = new List<NotMeasured>
        {
            new("otherDependencies",
                "Only row states (a nullable flag column such as deleted_at, the columns that depend on it, how a child's state follows "
                + "its parent's) and orderings of date/time columns (updated_at ≥ created_at) are learned; other dependencies "
                + "(several states per table, a child's other columns given its parent's) are not."),
        };
        var states = profile.Tables.Count(t => t.RowState is not null);
        var measuredStates = tables.Count(t => t.Dependencies.Count > 0);
        if (measuredStates < states)
        {
            result.Add(new("rowStates", string.Create(CultureInfo.InvariantCulture,
                $"{states - measuredStates} of {states} row states were not measured: the target lacks the table or the flag column.")));
        }

        var pairs = profile.Tables.Sum(t => (long)t.ForeignKeys.Count * (t.ForeignKeys.Count - 1) / 2);
        var compared = tables.Sum(t => t.JointForeignKeys.Count);
        if (compared < pairs)
        {
            var missing = string.Create(CultureInfo.InvariantCulture, $"{pairs - compared} of {pairs}");
            result.Add(new("jointForeignKeys",
                missing + " pairs of foreign keys in one table were not compared: the profile has no jointForeignKeys for them "
                + "(profile it again with this duckface) or the target lacks the foreign keys or the table."));
        }

        return result;
    }
}
