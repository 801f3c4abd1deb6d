namespace ElasticDuckface.Verification;

/// <summary>The outcome of one integrity check on the target.</summary>
/// <param name="Kind">Which check.</param>
/// <param name="Table">The table checked.</param>
/// <param name="Subject">What in the table: a column, key or foreign-key name; empty for a whole-table check.</param>
/// <param name="Found">What the target holds: orphan rows, duplicated rows beyond the first, NULLs, parent rows below the
/// minimum, or its row count.</param>
/// <param name="Expected">What it should hold: 0, or the planned row count.</param>
/// <param name="Detail">Extra text for a human, e.g. the SQL condition or the plan rule; may be empty.</param>
public sealed record HardCheckResult(HardCheckKind Kind, string Table, string Subject, long Found, long Expected, string Detail)
{
    /// <summary>
    /// The declared fewest children per parent of a <see cref="HardCheckKind.BelowMinimum"/> check; null (and left out of
    /// the JSON) for every other check, so reports without a minimum keep their bytes.
    /// </summary>
    public int? Minimum { get; init; }

    /// <summary>Whether the target passed this check.</summary>
    public bool Passed => Found == Expected;

    /// <summary>One line naming the check, the table and what was found.</summary>
    public string Describe()
    {
        var where = Subject.Length == 0 ? Table : Table + "." + Subject;
        var text = Kind switch
        {
            HardCheckKind.MissingTable => $"table {Table} is missing from the target",
            HardCheckKind.MissingColumn => $"column {where} is missing from the target",
            HardCheckKind.RowCount => $"row count of {Table}: {Found:N0}, planned {Expected:N0}",
            HardCheckKind.Orphans => $"orphans in {where}: {Found:N0} child rows without a parent",
            HardCheckKind.DuplicateKey => $"duplicate key {where}: {Found:N0} rows repeat a key value",
            HardCheckKind.NotNull => $"NULLs in NOT NULL column {where}: {Found:N0}",
            HardCheckKind.BelowMinimum when Minimum is { } m =>
                $"parents below the declared minimum of {m:N0} {(m == 1 ? "child" : "children")} in {where}: "
                    + $"{Found:N0} parent rows have {(m == 1 ? "none" : "fewer")}",
            _ => $"{Kind} {where}: {Found:N0}",
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{text}{(Detail.Length == 0 ? "" : " (" + Detail + ")")}");
    }
}
