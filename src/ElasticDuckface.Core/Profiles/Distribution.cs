using System.Text.Json.Serialization;

namespace ElasticDuckface.Profiles;

/// <summary>
/// A column's value distribution; the JSON property <c>kind</c> says which one. Quantile arrays hold evenly spaced
/// quantiles from the minimum (first) to the maximum (last): with 101 entries, entry i is the i-th percentile.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(EmptyDistribution), "empty")]
[JsonDerivedType(typeof(SequenceDistribution), "sequence")]
[JsonDerivedType(typeof(RelativeSequenceDistribution), "relativeSequence")]
[JsonDerivedType(typeof(NumericDistribution), "numeric")]
[JsonDerivedType(typeof(CategoricalDistribution), "categorical")]
[JsonDerivedType(typeof(TextDistribution), "text")]
[JsonDerivedType(typeof(DateTimeDistribution), "datetime")]
[JsonDerivedType(typeof(BooleanDistribution), "boolean")]
[JsonDerivedType(typeof(BinaryDistribution), "binary")]
[JsonDerivedType(typeof(SameAsDistribution), "sameAs")]
[JsonDerivedType(typeof(JsonDistribution), "json")]
public abstract record Distribution;

/// <summary>
/// The value equals another column of the same row (Nova's <c>deleted = id</c> in soft-deleted rows). Only used inside a
/// <see cref="RowStateProfile"/>, where at least 99% of the non-null values matched.
/// </summary>
/// <param name="Column">The column whose value is copied.</param>
/// <param name="Fraction">The fraction of the non-null values that equal it.</param>
public sealed record SameAsDistribution(string Column, double Fraction) : Distribution;

/// <summary>No non-null value was seen.</summary>
public sealed record EmptyDistribution : Distribution;

/// <summary>A dense integer key (an auto-increment or integer primary key): values run from min to max.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record SequenceDistribution(long Min, long Max) : Distribution;

/// <summary>
/// A <see cref="SequenceDistribution"/> with hidden sizes: the key range relative to the table's row count N, so that
/// <c>min = 1 + round(Start·N)</c> and <c>max = min + round(Span·N) − 1</c> (a dense key from 1: Start 0, Span 1).
/// </summary>
/// <param name="Start">(min − 1) / N.</param>
/// <param name="Span">(max − min + 1) / N: 1 for a dense key, more when values were skipped.</param>
public sealed record RelativeSequenceDistribution(double Start, double Span) : Distribution;

/// <summary>Numbers, described by quantiles.</summary>
public sealed record NumericDistribution : Distribution
{
    /// <summary>Whether every value is a whole number.</summary>
    public bool Integer { get; init; }

    /// <summary>Mean of the values.</summary>
    public double Mean { get; init; }

    /// <summary>Standard deviation of the values.</summary>
    public double StdDev { get; init; }

    /// <summary>Evenly spaced quantiles, minimum first and maximum last.</summary>
    public required IReadOnlyList<double> Quantiles { get; init; }

    /// <summary>
    /// For numbers stored as text, the format every value was written in (<see cref="Statistics.TextValueFormat"/>):
    /// <c>0</c>, <c>0.00</c>, <c>0.###############</c>, or a time-of-day format such as <c>HH:mm:ss</c> (the quantiles
    /// are then seconds since midnight); null for a numeric column.
    /// </summary>
    public string? Format { get; init; }
}

/// <summary>
/// A few frequent values, kept verbatim because each is held by enough rows that it singles nobody out;
/// the rest (<see cref="OtherFraction"/>) is described by <see cref="Other"/>, without raw values.
/// </summary>
public sealed record CategoricalDistribution : Distribution
{
    /// <summary>The kept values with their frequency among non-null rows, sorted by value (ordinal).</summary>
    public required IReadOnlyList<CategoryFrequency> Values { get; init; }

    /// <summary>Fraction of non-null rows holding a value that was not kept.</summary>
    public double OtherFraction { get; init; }

    /// <summary>The distribution of the values not kept (text or numeric), or null when every value was kept.</summary>
    public Distribution? Other { get; init; }
}

/// <summary>A kept categorical value and its frequency among non-null rows.</summary>
/// <param name="Value">The value as text, culture-invariant.</param>
/// <param name="Frequency">Its frequency among non-null rows.</param>
public sealed record CategoryFrequency(string Value, double Frequency);

/// <summary>Text described by its length distribution and a detected shape; no raw value.</summary>
public sealed record TextDistribution : Distribution
{
    /// <summary>The detected shape of the values.</summary>
    public TextShape Shape { get; init; }

    /// <summary>Evenly spaced quantiles of the length in characters (of the whole value, prefix and suffix included).</summary>
    public required IReadOnlyList<double> Lengths { get; init; }

    /// <summary>
    /// The constant text every value starts with before its shaped core (<c>req-</c> of <c>req-&lt;uuid&gt;</c>), or null.
    /// </summary>
    public string? Prefix { get; init; }

    /// <summary>The constant text every value ends with after its shaped core, or null.</summary>
    public string? Suffix { get; init; }

    /// <summary>For UUIDs, the RFC 4122 version at least 90% of them carry (4 for random ones), or null.</summary>
    public int? UuidVersion { get; init; }
}

/// <summary>The shape of text values, detected when at least 90% of the sampled values match it.</summary>
public enum TextShape
{
    /// <summary>Anything else: generated as words.</summary>
    FreeText,
    /// <summary>One word without spaces.</summary>
    Word,
    /// <summary>A personal name (two or three capitalised words in a column named like a name).</summary>
    Name,
    /// <summary>Digits only.</summary>
    Digits,
    /// <summary>Hexadecimal digits.</summary>
    Hex,
    /// <summary>A UUID (8-4-4-4-12 hex).</summary>
    Uuid,
    /// <summary>An IPv4 address.</summary>
    Ipv4,
    /// <summary>An IPv6 address.</summary>
    Ipv6,
    /// <summary>A MAC address.</summary>
    Mac,
    /// <summary>A host name (dotted labels).</summary>
    Hostname,
    /// <summary>An e-mail address.</summary>
    Email,
    /// <summary>A phone number.</summary>
    Phone,
    /// <summary>A JSON document.</summary>
    Json,
    /// <summary>A first (given) name: one capitalised word in a column named like one.</summary>
    FirstName,
    /// <summary>A last (family) name in a column named like one.</summary>
    LastName,
}

/// <summary>Dates and times as quantiles of ISO-8601 instants (UTC-naive, as stored).</summary>
public sealed record DateTimeDistribution : Distribution
{
    /// <summary>Whether any value has a time of day other than midnight.</summary>
    public bool HasTime { get; init; }

    /// <summary>Evenly spaced quantiles, formatted <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    public required IReadOnlyList<string> Quantiles { get; init; }

    /// <summary>
    /// For dates stored as text, the format every value was written in (<see cref="Statistics.TextValueFormat"/>, e.g.
    /// <c>yyyy-MM-dd HH:mm:ss</c>); null for a date/time column.
    /// </summary>
    public string? Format { get; init; }
}

/// <summary>True/false values.</summary>
/// <param name="TrueFraction">Fraction of non-null rows that are true.</param>
public sealed record BooleanDistribution(double TrueFraction) : Distribution;

/// <summary>Binary values, described by their length in bytes.</summary>
public sealed record BinaryDistribution : Distribution
{
    /// <summary>Evenly spaced quantiles of the length in bytes.</summary>
    public required IReadOnlyList<double> Lengths { get; init; }
}
