using System.Text.Json.Serialization;

namespace ElasticDuckface.Profiles;

/// <summary>One table: schema, exact row count, column statistics and foreign keys with their fan-out.</summary>
public sealed record TableProfile
{
    /// <summary>The table name as the source spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The exact number of rows; not written (and 0 when read) in a profile with hidden sizes.</summary>
    public long RowCount { get; init; }

    /// <summary>
    /// With hidden sizes (<c>profile --hide-sizes</c>): the table's size relative to the reference table
    /// (<see cref="ProfileSettings.ReferenceTable"/>, the largest, = 1), with multiplicative noise; null otherwise.
    /// <c>generate --rows</c> turns it back into a row count (<see cref="Privacy.SizeAnchors"/>).
    /// </summary>
    public double? RelativeSize { get; init; }

    /// <summary>When column distributions were measured on a sample: the sample's size; otherwise null.</summary>
    public long? SampledRows { get; init; }

    /// <summary>The storage engine (MySQL, e.g. <c>InnoDB</c>), or null (other engines). Left out of the JSON when null.</summary>
    public string? Engine { get; init; }

    /// <summary>The table's default character set (MySQL, e.g. <c>utf8mb4</c>), or null.</summary>
    public string? CharacterSet { get; init; }

    /// <summary>The table's default collation (MySQL, e.g. <c>utf8mb4_general_ci</c>), or null: a target then gets
    /// <c>utf8mb4_bin</c>.</summary>
    public string? Collation { get; init; }

    /// <summary>Columns in their declared order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>The primary key, or null when the table has none.</summary>
    public KeyProfile? PrimaryKey { get; init; }

    /// <summary>Unique keys (unique constraints and unique indexes) other than the primary key, sorted by column list.</summary>
    public IReadOnlyList<KeyProfile> UniqueKeys { get; init; } = [];

    /// <summary>Non-unique secondary indexes, sorted by column list.</summary>
    public IReadOnlyList<IndexProfile> Indexes { get; init; } = [];

    /// <summary>
    /// Foreign keys, sorted by column list, then referenced table: the declared ones and the undeclared references
    /// (<see cref="ForeignKeyProfile.Declared"/> false) that inference or a review file added.
    /// </summary>
    public IReadOnlyList<ForeignKeyProfile> ForeignKeys { get; init; } = [];

    /// <summary>
    /// The foreign keys a writer creates constraints for: <see cref="ForeignKeys"/> without the undeclared references, which
    /// are generated and checked alike but never become constraints. Every DDL writer reads this, not <see cref="ForeignKeys"/>.
    /// </summary>
    [JsonIgnore]
    public IEnumerable<ForeignKeyProfile> ConstraintForeignKeys => ForeignKeys.Where(f => f.Declared);

    /// <summary>
    /// For a table with several foreign keys: one entry per unordered pair of them, in the order of
    /// <see cref="ForeignKeys"/>, with the correlation of the fan-outs of a row's two parents. Empty when the table has
    /// fewer than two foreign keys or was not profiled; left out of the JSON when empty.
    /// </summary>
    public IReadOnlyList<JointForeignKeyProfile> JointForeignKeys { get; init; } = [];

    /// <summary>
    /// For a table referenced by several foreign keys: the pairs of them whose fan-outs over this table's rows correlate
    /// (a parent busy in one child table is busy in the other), strongest first. Empty when none does, in profiles written
    /// before it was measured (which generate as before) and under <c>--epsilon</c> when the noise drowned it; left out
    /// of the JSON when empty.
    /// </summary>
    public IReadOnlyList<ChildFanOutCorrelation> ChildFanOutCorrelations { get; init; } = [];

    /// <summary>
    /// A learned dependency: the row state (e.g. soft-deleted) that other columns and child rows depend on, or null when
    /// the profiler found none. Left out of the JSON when null.
    /// </summary>
    public RowStateProfile? RowState { get; init; }

    /// <summary>Learned orderings between date/time columns of a row (e.g. <c>updated_at</c> after <c>created_at</c>);
    /// left out of the JSON when empty.</summary>
    public IReadOnlyList<ColumnOrderingProfile> Orderings { get; init; } = [];

    /// <summary>
    /// A table a privacy file marked public: its rows as they are in the source (its public columns' values), which
    /// generate writes exactly, at any scale. Null (left out of the JSON) otherwise.
    /// </summary>
    public VerbatimRows? Verbatim { get; init; }

    /// <summary>
    /// How a privacy file marked the whole table (<c>public</c>: rows kept verbatim in <see cref="Verbatim"/>;
    /// <c>confidential</c> or <c>drop</c>: the marking of its unmarked columns), or null (left out of the JSON).
    /// </summary>
    public Privacy.ColumnPrivacy? Privacy { get; init; }

    /// <summary>Finds a column by name (ordinal, then case-insensitive).</summary>
    public ColumnProfile? FindColumn(string name) => ColumnIndex(name) is var i and >= 0 ? Columns[i] : null;

    /// <summary>
    /// The position of a column in <see cref="Columns"/>, found by the rule of <see cref="FindColumn"/> (ordinal, then
    /// case-insensitive), or -1: for code that reads rows as arrays in column order.
    /// </summary>
    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
                return i;
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return -1;
    }
}

/// <summary>A public table's rows, verbatim (<c>profile --privacy FILE</c>).</summary>
/// <param name="Columns">The columns whose values are kept (the table's public columns), in table order.</param>
/// <param name="Rows">Every row: per column of <paramref name="Columns"/>, the value as text (categorical values' format:
/// culture-invariant numbers, <c>yyyy-MM-dd</c> dates, hex for binary) or null for NULL; in primary-key order.</param>
public sealed record VerbatimRows(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>A primary or unique key.</summary>
/// <param name="Name">The constraint name (dialect-specific; may be synthesized).</param>
/// <param name="Columns">The key's columns in key order.</param>
public sealed record KeyProfile(string Name, IReadOnlyList<string> Columns)
{
    /// <summary>
    /// Per column, the index prefix length in characters (MySQL <c>KEY (source_compute(100))</c>), null for a whole
    /// column; the list is null (and left out of the JSON) when no column has a prefix.
    /// </summary>
    public IReadOnlyList<int?>? PrefixLengths { get; init; }
}

/// <summary>A secondary index.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Columns">The indexed columns in order.</param>
/// <param name="Unique">Whether the index enforces uniqueness.</param>
public sealed record IndexProfile(string Name, IReadOnlyList<string> Columns, bool Unique)
{
    /// <summary>Per column, the index prefix length in characters, null for a whole column; null when none has one.</summary>
    public IReadOnlyList<int?>? PrefixLengths { get; init; }

    /// <summary>
    /// <c>fulltext</c> for a MySQL FULLTEXT index; null for an ordinary (B-tree) one. Other engines' targets leave a
    /// full-text index out. Left out of the JSON when null.
    /// </summary>
    public string? Kind { get; init; }
}
