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
    private static readonly Dictionary<Type, (PropertyInfo Property, bool Nullable, bool ItemsNullable)[]> s_properties = [];
    private static readonly Lock s_gate = new();

    /// <summary>Appends one line per null found below <paramref name="value"/> (at most <paramref name="max"/>).</summary>
    public static void Find(object value, string path, List<string> errors, int max = 5) => Find(value, path, errors, max, false);

    private static void Find(object value, string path, List<string> errors, int max, bool itemsNullable)
    {
        if (errors.Count >= max)
            return;
        if (value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        if (value is IEnumerable items)
        {
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
                    Find(item, at, errors, max, false);
                }
                if (errors.Count >= max)
                    return;
            }

            return;
        }

        if (value.GetType().Namespace != typeof(DatabaseProfile).Namespace)
            return;
        foreach (var (property, nullable, childItemsNullable) in PropertiesOf(value.GetType()))
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
                Find(child, at, errors, max, childItemsNullable);
            }

            if (errors.Count >= max)
                return;
        }
    }

    private static (PropertyInfo, bool, bool)[] PropertiesOf(Type type)
    {
        lock (s_gate)
        {
            if (!s_properties.TryGetValue(type, out var properties))
            {
                properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType && p.Name != "EqualityContract")
                    .Select(p => (p, s_nullability.Create(p).ReadState != NullabilityState.NotNull, ItemsNullable(p)))
                    .ToArray();
                s_properties[type] = properties;
            }

            return properties;
        }
    }

    /// <summary>Whether a list property's elements may be null (<c>IReadOnlyList&lt;int?&gt;</c>, <c>List&lt;string?&gt;</c>).</summary>
    private static bool ItemsNullable(PropertyInfo property)
    {
        if (!property.PropertyType.IsGenericType || property.PropertyType.GetGenericArguments() is not [var item])
            return false;
        if (Nullable.GetUnderlyingType(item) is not null)
            return true;
        var info = s_nullability.Create(property);
        return info.GenericTypeArguments is [var element] && element.ReadState != NullabilityState.NotNull;
    }
}
