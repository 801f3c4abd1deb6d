namespace ElasticDuckface.Schema;

/// <summary>
/// A column's type in engine-neutral terms: what the generator needs to draw valid values and what a target engine
/// needs to declare the column. Each engine's type map builds it from the engine's own declared type names.
/// </summary>
/// <param name="Category">The category.</param>
/// <param name="IntegerBits">Width of an integer column in bits (8, 16, 24, 32 or 64); 64 for other categories.</param>
/// <param name="Unsigned">Whether the values cannot be negative.</param>
/// <param name="WithTimeZone">A date-time that carries a time zone (PostgreSQL <c>timestamptz</c>).</param>
/// <param name="IsArray">An array of the category's values (PostgreSQL <c>integer[]</c>), written as its text form.</param>
/// <param name="SecondDigits">For a date-time or time column, the fraction-of-second digits it holds (declared, or the
/// engine's default for the type, <see cref="FractionDigits"/>); 0 otherwise.</param>
public sealed record ColumnType(ColumnCategory Category, int IntegerBits, bool Unsigned, bool WithTimeZone = false, bool IsArray = false,
    int SecondDigits = 0)
{
    /// <summary>The smallest value an integer column holds.</summary>
    public long IntegerMin => IntegerBits >= 64 ? (Unsigned ? 0 : long.MinValue) : Unsigned ? 0 : -(1L << (IntegerBits - 1));

    /// <summary>The largest value an integer column holds.</summary>
    public long IntegerMax => IntegerBits >= 64 ? long.MaxValue : Unsigned ? (1L << IntegerBits) - 1 : (1L << (IntegerBits - 1)) - 1;
}
