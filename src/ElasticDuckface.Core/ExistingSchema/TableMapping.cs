using ElasticDuckface.Profiles;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// One table that <c>--into-existing</c> fills: the profile's table the rows are generated from, and the target's table as
/// it is written (the target's names and types, only the columns both have), with the position of each written column
/// in the generated row.
/// </summary>
public sealed record TableMapping
{
    /// <summary>The profile's table, adapted to the target (lengths narrowed, ENUM members): what rows are generated from.</summary>
    public required TableProfile Profile { get; init; }

    /// <summary>
    /// The target table as written: its name, the columns both have in the target's spelling and types, the target's keys,
    /// and the foreign keys among filled tables whose columns are all written (declared in the target or the profile's
    /// references), which the writer checks before it commits.
    /// </summary>
    public required TableProfile Target { get; init; }

    /// <summary>For each column of <see cref="Target"/>, its position in a generated row of <see cref="Profile"/>.</summary>
    public required IReadOnlyList<int> Sources { get; init; }

    /// <summary>For each column of <see cref="Target"/>, what is added to its whole-number values (<c>--append</c>: generated keys
    /// moved past the rows already there, the references to them alike); empty when nothing is moved.</summary>
    public IReadOnlyList<long> Shifts { get; init; } = [];

    /// <summary>A generated row of <see cref="Profile"/> as the target takes it: the written columns, converted, keys shifted.</summary>
    public object?[] Project(object?[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var columns = Target.Columns;
        var result = new object?[columns.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var value = row[Sources[i]];
            if (Shifts.Count > 0 && Shifts[i] != 0 && value is long l)
                value = checked(l + Shifts[i]);
            result[i] = Profile.Columns[Sources[i]].Category == columns[i].Category
                ? value
                : TargetValues.Convert(value, columns[i].Category);
        }

        return result;
    }
}
