using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>How one profile column is created and loaded in PostgreSQL.</summary>
/// <param name="Column">The profile column.</param>
/// <param name="Type">The type in <c>CREATE TABLE</c>.</param>
/// <param name="Kind">How its values are encoded in binary COPY.</param>
/// <param name="Refusal">Why the writer cannot generate values of the declared type (the run is refused); else null.</param>
internal sealed record PostgresColumn(ColumnProfile Column, string Type, PostgresValueKind Kind, string? Refusal = null)
{
    /// <summary>
    /// Whether the column is generated with the profile's expression: only in a PostgreSQL profile (another engine's
    /// expression is not PostgreSQL SQL: that column becomes a plain nullable one, left NULL).
    /// </summary>
    public bool KeepsGeneration { get; init; }

    /// <summary>The encoding of an array's elements (<see cref="PostgresValueKind.Array"/> only).</summary>
    public PostgresValueKind Element { get; init; } = PostgresValueKind.Text;

    /// <summary>The n of <c>bit(n)</c> and <c>bit varying(n)</c> (null: no limit for bit varying).</summary>
    public int? Bits { get; init; }

    /// <summary>The enum labels to create the type with (<see cref="PostgresValueKind.Enum"/> only).</summary>
    public IReadOnlyList<string> EnumLabels => Kind == PostgresValueKind.Enum ? Column.EnumValues ?? [] : [];
}
