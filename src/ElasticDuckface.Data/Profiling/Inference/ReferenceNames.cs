namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// The naming conventions that say a column refers to another table's key, as applications name references they do not
/// declare (OpenStack Nova: <c>instance_uuid</c> → <c>instances.uuid</c>, <c>compute_node_id</c> → <c>compute_nodes.id</c>,
/// <c>flavor_id</c> → <c>flavors.flavorid</c>; Chinook: <c>ArtistId</c> → <c>Artist.ArtistId</c>). Names are compared
/// case-insensitively; the first rule that matches is the one reported.
/// </summary>
internal static class ReferenceNames
{
    /// <summary>The rule of two columns named alike (<c>ArtistId</c> → <c>Artist.ArtistId</c>).</summary>
    public const string SameName = "same name";

    /// <summary>Key column names too generic to match by themselves: every table has an <c>id</c>.</summary>
    private static readonly HashSet<string> GenericKeys = new(StringComparer.OrdinalIgnoreCase) { "id", "uuid", "key", "code", "name" };

    /// <summary>
    /// The rule by which <paramref name="column"/> names <paramref name="parentTable"/>.<paramref name="parentColumn"/>, or null.
    /// </summary>
    /// <returns>
    /// <c>plural</c> (<c>instance_uuid</c> → <c>instances.uuid</c>, <c>service_id</c> → <c>services.id</c>),
    /// <c>table</c> (<c>artist_id</c> → <c>artist.id</c>, singular table names), <c>suffix</c> (<c>action_id</c> →
    /// <c>instance_actions.id</c>: the table's name ends with the plural), or <c>same name</c> (<c>ArtistId</c> →
    /// <c>Artist.ArtistId</c>, <c>flavor_id</c> → <c>flavors.flavorid</c>: the names equal without underscores, unless the
    /// key's name is generic like <c>id</c>).
    /// </returns>
    public static string? Rule(string column, string parentTable, string parentColumn)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(parentTable);
        ArgumentNullException.ThrowIfNull(parentColumn);
        var c = column.ToLowerInvariant();
        // a table of a multi-database profile (nova.instances) is named by its own name
        var table = parentTable[(parentTable.LastIndexOf('.') + 1)..].ToLowerInvariant();
        var key = parentColumn.ToLowerInvariant();
        if (c.Length > key.Length + 1 && c.EndsWith("_" + key, StringComparison.Ordinal))
        {
            var entity = c[..^(key.Length + 1)];
            if (Plurals(entity).Contains(table, StringComparer.Ordinal))
                return "plural";
            if (string.Equals(entity, table, StringComparison.Ordinal))
                return "table";
            if (Plurals(entity).Any(p => table.EndsWith("_" + p, StringComparison.Ordinal)))
                return "suffix";
        }

        if (!GenericKeys.Contains(key) && string.Equals(Squeeze(c), Squeeze(key), StringComparison.Ordinal))
            return SameName;
        return null;
    }

    /// <summary>The English plurals of a table named after <paramref name="entity"/> (instance → instances, policy → policies).</summary>
    private static IEnumerable<string> Plurals(string entity)
    {
        yield return entity + "s";
        yield return entity + "es";
        if (entity.EndsWith('y'))
            yield return entity[..^1] + "ies";
    }

    private static string Squeeze(string name) => name.Replace("_", "", StringComparison.Ordinal);
}
