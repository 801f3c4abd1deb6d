using System.Globalization;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// A <c>min N CHILD.COLUMN -> PARENT.COLUMN</c> line of a review file: every parent of that foreign key (declared by the
/// source, or kept by the inference or the file) must have at least <paramref name="MinChildren"/> children, which no
/// sample can tell (<see cref="Profiles.ForeignKeyProfile.MinChildren"/>).
/// </summary>
/// <param name="MinChildren">The fewest children of every parent, at least 1.</param>
/// <param name="Reference">The foreign key it is about.</param>
/// <param name="Line">Its line number in the file (from 1), for error messages and the evidence.</param>
public sealed record MinimumDecision(int MinChildren, ColumnReference Reference, int Line)
{
    /// <summary>The line as a review file writes it: <c>min N child.column -> parent.column</c>.</summary>
    public override string ToString() => $"min {MinChildren.ToString(CultureInfo.InvariantCulture)} {Reference}";
}
