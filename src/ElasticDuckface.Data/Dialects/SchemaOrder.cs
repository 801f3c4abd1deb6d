using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// The canonical, dialect-independent order of keys, indexes and foreign keys in a profile: by column list, then by
/// referenced table and name, so that the same schema read from SQLite and from MySQL lists its parts alike.
/// </summary>
internal static class SchemaOrder
{
    public static IReadOnlyList<KeyProfile> Keys(IEnumerable<KeyProfile> keys) =>
        keys.OrderBy(k => string.Join("\u0001", k.Columns), StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<IndexProfile> Indexes(IEnumerable<IndexProfile> indexes) =>
        indexes.OrderBy(k => string.Join("\u0001", k.Columns), StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ForeignKeyProfile> ForeignKeys(IEnumerable<ForeignKeyProfile> fks) =>
        fks.OrderBy(k => string.Join("\u0001", k.Columns), StringComparer.Ordinal)
            .ThenBy(k => k.ReferencedTable, StringComparer.Ordinal)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .ToList();
}
