using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// How far the JSON documents of a target are from the profiled ones: the largest, over the profile's places, of the
/// difference in presence (a key the target's objects lack counts 1), of a kind that differs (1), of the null share,
/// and of the leaf values' own distance. 0 when the target has the profile's structure.
/// </summary>
internal static class JsonStructureDistance
{
    public static double Between(JsonNodeProfile profile, JsonNodeProfile target)
    {
        if (profile.Kind != target.Kind)
            return 1;
        var distance = Math.Abs(profile.NullFraction - target.NullFraction);
        if (profile.Values is { } pv && target.Values is { } tv)
            distance = Math.Max(distance, ColumnComparer.Distance(pv, tv).Distance ?? 0);
        if (profile.Values is not null || target.Values is not null)
            return distance;
        foreach (var member in profile.Members ?? [])
        {
            var other = target.Members?.FirstOrDefault(m => string.Equals(m.Key, member.Key, StringComparison.Ordinal));
            distance = Math.Max(distance, other is null
                ? member.Presence
                : Math.Max(Math.Abs(member.Presence - other.Presence), Between(member.Value, other.Value) * Math.Min(1, member.Presence)));
        }

        if (profile.Items is { } items)
            distance = Math.Max(distance, target.Items is { } ti ? Between(items, ti) : 1);
        if (profile.Lengths is { Count: > 0 } pl && target.Lengths is { Count: > 0 } tl)
            distance = Math.Max(distance, DistributionDistance.QuantileKs(pl, tl));
        return Math.Min(1, distance);
    }
}
