namespace ElasticDuckface.Profiles;

/// <summary>What a column's statistics say about the length of its values, for a target choosing or checking a type.</summary>
public static class ProfiledLengths
{
    /// <summary>
    /// The longest value the column's distribution describes, in characters (text) or bytes (binary); null when it does not
    /// say, <see cref="long.MaxValue"/> when values not kept verbatim are of no known length.
    /// </summary>
    public static long? Longest(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Longest(column.Stats?.Distribution);
    }

    private static long? Longest(Distribution? distribution) => distribution switch
    {
        TextDistribution { Lengths.Count: > 0 } t => (long)Math.Ceiling(t.Lengths[^1]),
        BinaryDistribution { Lengths.Count: > 0 } b => (long)Math.Ceiling(b.Lengths[^1]),
        CategoricalDistribution c => c.Values.Select(v => (long)v.Value.Length)
            .Append(c.OtherFraction > 0 ? Longest(c.Other) ?? long.MaxValue : 0)
            .Max(),
        EmptyDistribution => 0,
        _ => null,
    };
}
