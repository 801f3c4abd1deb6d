using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// A destination for generated rows: a database (SQLite file, MySQL/MariaDB) or files (SQL script, CSV).
/// Call order: <see cref="CreateSchemaAsync"/> once, <see cref="WriteRowsAsync"/> once per table in generation order
/// (parents first), then <see cref="CompleteAsync"/>. Disposing without completing leaves the target as the writer
/// documents (a database writer rolls back what it can; file writers delete their partial files).
/// </summary>
/// <remarks>
/// Rows are <c>object?[]</c> in the order of <see cref="TableProfile.Columns"/>, with these CLR types per
/// <see cref="Schema.ColumnCategory"/>: Integer/Year → <see cref="long"/>; Decimal → <see cref="decimal"/>;
/// Float → <see cref="double"/>; Boolean → <see cref="bool"/>; String/Text/Enum/Set/Json/Other → <see cref="string"/>;
/// Binary → <see cref="byte"/>[]; Date/DateTime → <see cref="DateTime"/> (Kind Unspecified); Time → <see cref="TimeSpan"/>;
/// NULL → <c>null</c>. See docs/adr/0002-row-values.md.
/// </remarks>
public interface IDatabaseWriter : IAsyncDisposable
{
    /// <summary>Creates the tables (columns, keys, indexes, foreign keys), or checks that an existing schema matches.</summary>
    Task CreateSchemaAsync(IReadOnlyList<TableProfile> tables, CancellationToken cancellationToken = default);

    /// <summary>Writes one table's rows; returns how many were written.</summary>
    Task<long> WriteRowsAsync(TableProfile table, IEnumerable<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>Finishes: commits, turns constraint checks back on and checks them, closes files.</summary>
    Task CompleteAsync(CancellationToken cancellationToken = default);
}
