using System.Globalization;

namespace ElasticDuckface.ExistingSchema;

/// <summary>One difference between the profile and an existing target schema.</summary>
/// <param name="Severity">Whether the run may go on.</param>
/// <param name="Kind">What differs.</param>
/// <param name="Table">The table, as the profile (or, for a target-only table, the target) spells it.</param>
/// <param name="Column">The column, or null for a table-level difference.</param>
/// <param name="Detail">The facts and what the run does about them, one clause.</param>
public sealed record SchemaDifference(DifferenceSeverity Severity, SchemaDifferenceKind Kind, string Table, string? Column,
    string Detail)
{
    /// <summary>One line: <c>fatal: instances.host: NOT NULL without default ...</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Severity.ToString().ToLowerInvariant()}: {Table}{(Column is null ? "" : "." + Column)}: {Detail}");
}
