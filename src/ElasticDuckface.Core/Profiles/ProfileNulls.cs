using System.Collections;
using System.Reflection;

namespace ElasticDuckface.Profiles;

/// <summary>
/// Finds JSON nulls where a profile record needs a value (a non-nullable property, an element of a list): the
/// deserializer accepts them, and the code that reads profiles relies on the records' nullability (issue 12's fuzzing
/// found a null histogram bin and a null column crashing generation).
/// </summary>
internal static class ProfileNulls
{
    private static readonly NullabilityInfoContext s_nullability = new();
    private static readonly Dictionary<Type, (PropertyInfo Property, bool Nullable, NullabilityInfo? Element)[]> s_properties = [];
    private static readonly Lock s_gate = new();

    /// <summary>Appends one line per null found below <paramref name="value"/> (at most <paramref name="max"/>).</summary>
    public static void Find(object value, string path, List<string> errors, int max = 5) => Find(value, path, errors, max, null);

    // element: when value is a list, how nullable its elements are, with their own elements below (a verbatim row list,
    // IReadOnlyList<IReadOnlyList<string?>>, holds NULL values two levels down); null when unknown (no element may be null)
    private static void Find(object value, string path, List<string> errors, int max, NullabilityInfo? element)
    {
        if (errors.Count >= max)
            return;
        if (value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        if (value is IEnumerable items)
        {
            var itemsNullable = element is not null && (element.ReadState != NullabilityState.NotNull
                || Nullable.GetUnderlyingType(element.Type) is not null);
            var inner = element?.GenericTypeArguments is [var e] ? e : null;
            var i = 0;
            foreach (var item in items)
            {
                var at = $"{path}[{i++}]";
                if (item is null)
                {
                    if (!itemsNullable)
                        errors.Add($"{at} is null");
                }
                else
                {
                    Find(item, at, errors, max, inner);
                }
                if (errors.Count >= max)
                    return;
            }

            return;
        }

        if (value.GetType().Namespace != typeof(DatabaseProfile).Namespace)
            return;
        foreach (var (property, nullable, childElement) in PropertiesOf(value.GetType()))
        {
            var child = property.GetValue(value);
            var at = $"{path}.{char.ToLowerInvariant(property.Name[0])}{property.Name[1..]}";
            if (child is null)
            {
                if (!nullable)
                    errors.Add($"{at} is null or missing");
            }
            else
            {
                Find(child, at, errors, max, childElement);
            }

            if (errors.Count >= max)
                return;
        }
    }

    private static (PropertyInfo, bool, NullabilityInfo?)[] PropertiesOf(Type type)
    {
        lock (s_gate)
        {
            if (!s_properties.TryGetValue(type, out var properties))
            {
                properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType && p.Name != "EqualityContract")
                    .Select(p => (Property: p, Info: s_nullability.Create(p)))
                    .Select(x => (x.Property, x.Info.ReadState != NullabilityState.NotNull, Element(x.Property, x.Info)))
                    .ToArray();
                s_properties[type] = properties;
            }

            return properties;
        }
    }

    /// <summary>How nullable a list property's elements are (<c>IReadOnlyList&lt;int?&gt;</c>, <c>List&lt;string?&gt;</c>);
    /// null for a property that is no generic list of one element type.</summary>
    private static NullabilityInfo? Element(PropertyInfo property, NullabilityInfo info) =>
        property.PropertyType.IsGenericType && property.PropertyType.GetGenericArguments() is [_]
            && info.GenericTypeArguments is [var element] ? element : null;
}
