using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>The index kinds a profile names (<see cref="IndexProfile.Kind"/>), read by every engine's DDL.</summary>
internal static class IndexKinds
{
    /// <summary>The kind of a MySQL FULLTEXT index.</summary>
    public const string Fulltext = "fulltext";

    /// <summary>Whether an index is a MySQL FULLTEXT index: only a MySQL target recreates it, the others leave it out.</summary>
    public static bool IsFulltext(IndexProfile index) => string.Equals(index?.Kind, Fulltext, StringComparison.OrdinalIgnoreCase);
}
