using System.Text.Json.Serialization;

namespace ElasticDuckface.Profiles;

/// <summary>
/// JSON documents described by their structure (issue 14: values an application can load): the keys an object has and
/// how often, how long arrays are, and each leaf's own distribution, so that a generated document parses and has the
/// shape the application reads. Verbatim content follows the k-rule: a key, a leaf value or a whole sub-document is
/// kept only when at least k sampled documents hold it.
/// </summary>
/// <param name="Root">The top-level node.</param>
public sealed record JsonDistribution(JsonNodeProfile Root) : Distribution;

/// <summary>What a JSON value is at one place of the documents.</summary>
public enum JsonNodeKind
{
    /// <summary>Always JSON null.</summary>
    Null,
    /// <summary>An object.</summary>
    Object,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
}

/// <summary>One place in the documents (the root, a member of an object, or the items of an array).</summary>
public sealed record JsonNodeProfile
{
    /// <summary>The value's kind (the most frequent one where they vary).</summary>
    public JsonNodeKind Kind { get; init; }

    /// <summary>The fraction of occurrences that are JSON null (or of another kind than <see cref="Kind"/>).</summary>
    public double NullFraction { get; init; }

    /// <summary>
    /// A leaf's distribution (strings, numbers, booleans), or for an object or array a categorical distribution of whole
    /// sub-documents (as JSON text) when a few of them, each held by at least k documents, cover all occurrences: they are
    /// then written as they are, so that their parts stay consistent (a flavor's memory goes with its name).
    /// </summary>
    public Distribution? Values { get; init; }

    /// <summary>An object's members, in the order first seen; a key seen in fewer than k documents is left out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonMemberProfile>? Members { get; init; }

    /// <summary>An array's items (all positions together).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNodeProfile? Items { get; init; }

    /// <summary>Evenly spaced quantiles of an array's length.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Lengths { get; init; }
}

/// <summary>An object member: its key, the share of the objects that have it, and its value.</summary>
/// <param name="Key">The key.</param>
/// <param name="Presence">The fraction of the objects at this place that have the key.</param>
/// <param name="Value">The member's value.</param>
public sealed record JsonMemberProfile(string Key, double Presence, JsonNodeProfile Value);
