using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>How one profile column is created and loaded in PostgreSQL.</summary>
/// <param name="Column">The profile column.</param>
/// <param name="Type">The type in <c>CREATE TABLE</c>.</param>
/// <param name="Kind">How its values are encoded in binary COPY.</param>
/// <param name="Note">What the writer does instead of the declared type, when it cannot write that type; else null.</param>
internal sealed record PostgresColumn(ColumnProfile Column, string Type, PostgresValueKind Kind, string? Note = null)
{
    /// <summary>The enum labels to create the type with (<see cref="PostgresValueKind.Enum"/> only).</summary>
    /// <summary>
    /// Whether the column is generated with the profile's expression: only in a PostgreSQL profile (another engine's
    /// expression is not PostgreSQL SQL: that column becomes a plain nullable one, left NULL).
    /// </summary>
    public bool KeepsGeneration { get; init; }

    public IReadOnlyList<string> EnumLabels => Kind == PostgresValueKind.Enum ? Column.EnumValues ?? [] : [];
}
