using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Learn or measure: a plain profile learns its dependencies (row states, orderings, parent states) from the data;
/// verify's profile of a generated database measures those of the reference profile instead, so that verify compares
/// like with like rather than whatever the generated data happens to suggest.
/// </summary>
internal sealed class DependencyMode(DatabaseProfile? reference)
{
    /// <summary>Whether this measures a target for verify (never published: its fan-outs are kept exact, as measured).</summary>
    public bool Measures => reference is not null;

    /// <summary>The reference profile whose dependencies are measured, or null when they are learned.</summary>
    public DatabaseProfile? Reference => reference;

    /// <summary>
    /// <paramref name="profiled"/> with its row state and orderings: learned, or measured as the reference table's
    /// (none when the reference table has no row state).
    /// </summary>
    public TableProfile WithDependencies(TableProfile profiled, List<object?[]> sample, long rows, ProfileSettings settings)
    {
        if (reference is null)
        {
            // a flag that hardly varies says nothing to the analyzer; a soft delete's names still give its shape
            var learned = DependencyAnalyzer.Learn(profiled, sample, rows, settings)
                ?? SoftDeleteShape.Learn(profiled, sample, rows, settings);
            var learnedOrderings = OrderingAnalyzer.Learn(profiled with { RowState = learned }, sample, settings);
            return profiled with { RowState = learned, Orderings = learnedOrderings };
        }

        var referenceTable = ReferenceTable(profiled.Name);
        var state = referenceTable?.RowState is { } referenceState
            ? DependencyAnalyzer.Measure(profiled, sample, rows, settings, referenceState)
            : null;
        var orderings = OrderingAnalyzer.Learn(profiled with { RowState = state }, sample, settings, referenceTable?.Orderings ?? []);
        return profiled with { RowState = state, Orderings = orderings };
    }

    /// <summary>Whether to measure how <paramref name="child"/>'s row state follows the parent of <paramref name="fk"/>.</summary>
    public bool MeasuresParentState(string child, ForeignKeyProfile fk) =>
        ReferenceTable(child)?.RowState?.Parents is not { } referenceParents
        || referenceParents.Any(p => p.ForeignKey.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Whether to measure the fan-out of <paramref name="fk"/> per side of its parent's row state: always when learning,
    /// and for verify where the reference profile has it.
    /// </summary>
    public bool MeasuresParentStateFanOut(string child, ForeignKeyProfile fk) =>
        reference is null
        || (ReferenceTable(child)?.ForeignKeys.Any(r => r.Stats?.ByParentState is not null
            && r.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase)) ?? false);

    private TableProfile? ReferenceTable(string name) =>
        reference?.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
