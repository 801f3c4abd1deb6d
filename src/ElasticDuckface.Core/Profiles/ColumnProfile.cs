using ElasticDuckface.Schema;

namespace ElasticDuckface.Profiles;

/// <summary>One column: its declared type and, once profiled, its statistics.</summary>
public sealed record ColumnProfile
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>The declared SQL type as the source reports it, e.g. <c>varchar(255)</c> or <c>NVARCHAR(120)</c>.</summary>
    public required string SqlType { get; init; }

    /// <summary>The dialect-neutral category of the type.</summary>
    public ColumnCategory Category { get; init; }

    /// <summary>Maximum length in characters (strings) or bytes (binary), when declared.</summary>
    public long? Length { get; init; }

    /// <summary>Numeric precision (total digits), when declared.</summary>
    public int? Precision { get; init; }

    /// <summary>Numeric scale (digits after the point), when declared.</summary>
    public int? Scale { get; init; }

    /// <summary>Whether an integer type is UNSIGNED (MySQL).</summary>
    public bool Unsigned { get; init; }

    /// <summary>Whether NULL is allowed.</summary>
    public bool Nullable { get; init; }

    /// <summary>The column default as SQL text, or null.</summary>
    public string? Default { get; init; }

    /// <summary>Whether the column is AUTO_INCREMENT (MySQL) or an INTEGER PRIMARY KEY rowid alias (SQLite).</summary>
    public bool AutoIncrement { get; init; }

    /// <summary>The members of a MySQL ENUM or SET, in declared order.</summary>
    public IReadOnlyList<string>? EnumValues { get; init; }

    /// <summary>
    /// The column's character set (MySQL, e.g. <c>utf8mb3</c>) when its collation differs from its table's; null when it
    /// follows the table. Left out of the JSON when null.
    /// </summary>
    public string? CharacterSet { get; init; }

    /// <summary>The column's collation (MySQL, e.g. <c>utf8mb3_general_ci</c>) when it differs from its table's; else null.</summary>
    public string? Collation { get; init; }

    /// <summary>MySQL's <c>ON UPDATE</c> expression as the server reports it (e.g. <c>current_timestamp()</c>), or null.</summary>
    public string? OnUpdate { get; init; }

    /// <summary>
    /// How the server computes the column, when it is a generated (computed) column; null for an ordinary one. Generation
    /// skips such a column and writers never insert into it. Left out of the JSON when null.
    /// </summary>
    public GeneratedColumn? Generated { get; init; }

    /// <summary>
    /// How a privacy file marked the column (<c>profile --privacy FILE</c>): <c>public</c> (values verbatim even when rare),
    /// <c>confidential</c> (shapes and ranges only) or <c>drop</c> (no <see cref="Stats"/>); null (left out of the JSON)
    /// when unmarked, so the k rule applies.
    /// </summary>
    public Privacy.ColumnPrivacy? Privacy { get; init; }

    /// <summary>Measured statistics; null in a schema that was read but not profiled.</summary>
    public ColumnStatistics? Stats { get; init; }
}

/// <summary>A generated column's definition, as the source engine reports it.</summary>
/// <param name="Expression">The expression, in the source engine's SQL (e.g. <c>`price` * `qty`</c>).</param>
/// <param name="Stored">Whether the value is stored (MySQL <c>STORED</c>, PostgreSQL, SQLite <c>STORED</c>) rather than
/// computed when read (<c>VIRTUAL</c>).</param>
public sealed record GeneratedColumn(string Expression, bool Stored);

/// <summary>A column's measured statistics.</summary>
public sealed record ColumnStatistics
{
    /// <summary>Fraction of rows where the column is NULL.</summary>
    public double NullFraction { get; init; }

    /// <summary>Number of distinct non-null values (estimated from the sample when the table was sampled).</summary>
    public long DistinctCount { get; init; }

    /// <summary>With hidden sizes: <see cref="DistinctCount"/> as a share of the table's rows (not written otherwise).</summary>
    public double? DistinctRatio { get; init; }

    /// <summary>The value distribution.</summary>
    public required Distribution Distribution { get; init; }

    /// <summary>
    /// For a date-time or time column whose values have fractions of a second, their share and digits; null (left out of
    /// the JSON) when every value is whole seconds, for other columns and in profiles made before it.
    /// </summary>
    public SecondFractions? Fractions { get; init; }
}
