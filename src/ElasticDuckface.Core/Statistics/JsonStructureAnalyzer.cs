using System.Text.Json;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Learns the structure of a column of JSON documents (<see cref="JsonDistribution"/>): at every place, the kind of
/// value, an object's keys with their presence, an array's lengths, and each leaf's distribution by the same rules as a
/// column (<see cref="ColumnAnalyzer"/>), k-rule included.
/// </summary>
internal static class JsonStructureAnalyzer
{
    /// <summary>Documents read per column: enough for presence and leaf shapes, cheap on wide columns.</summary>
    private const int MaxDocuments = 2000;

    /// <summary>Deeper places are described as opaque JSON text (a generated document still parses).</summary>
    private const int MaxDepth = 10;

    /// <summary>The share of non-null values that must be JSON objects or arrays for the column to count as JSON.</summary>
    private const double MinJsonShare = 0.9;

    private const int LengthPoints = 11;

    /// <summary>The structure of <paramref name="texts"/>, or null when they are not (mostly) JSON objects or arrays.</summary>
    public static JsonDistribution? TryDescribe(IReadOnlyList<string> texts, ProfileSettings settings)
    {
        var documents = new List<JsonElement>(Math.Min(texts.Count, MaxDocuments));
        var step = Math.Max(1.0, (double)texts.Count / MaxDocuments);
        var read = 0;
        for (var i = 0.0; i < texts.Count && documents.Count < MaxDocuments; i += step)
        {
            read++;
            var text = texts[(int)i];
            if (text.Length == 0 || (text[0] != '{' && text[0] != '['))
                continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                documents.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                // not JSON: counted against the share below
            }
        }

        if (read == 0 || documents.Count < MinJsonShare * read)
            return null;
        return new JsonDistribution(Node(documents, settings, 0));
    }

    private static JsonNodeProfile Node(List<JsonElement> occurrences, ProfileSettings settings, int depth)
    {
        var kinds = occurrences.GroupBy(KindOf).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).ToList();
        var kind = kinds.FirstOrDefault(g => g.Key != JsonNodeKind.Null)?.Key ?? JsonNodeKind.Null;
        var values = occurrences.Where(e => KindOf(e) == kind).ToList();
        var nullFraction = occurrences.Count == 0 ? 0 : Quantiles.Tidy(1 - (double)values.Count / occurrences.Count);
        if (kind == JsonNodeKind.Null || values.Count == 0)
            return new JsonNodeProfile { Kind = JsonNodeKind.Null, NullFraction = 1 };

        switch (kind)
        {
            case JsonNodeKind.String:
                return Leaf(kind, nullFraction, values.Select(v => (object)(v.GetString() ?? "")).ToList(), ColumnCategory.String,
                    settings);
            case JsonNodeKind.Number:
                return Leaf(kind, nullFraction, values.Select(v => (object)v.GetDouble()).ToList(), ColumnCategory.Float, settings);
            case JsonNodeKind.Boolean:
                return Leaf(kind, nullFraction, values.Select(v => (object)v.GetBoolean()).ToList(), ColumnCategory.Boolean, settings);
        }

        if (Whole(values, settings) is { } whole)
            return new JsonNodeProfile { Kind = kind, NullFraction = nullFraction, Values = whole };
        if (depth >= MaxDepth)
        {
            var texts = values.Select(v => (object)v.GetRawText()).ToList();
            return Leaf(kind, nullFraction, texts, ColumnCategory.Json, settings);
        }

        return kind == JsonNodeKind.Object
            ? Object(values, nullFraction, settings, depth)
            : Array(values, nullFraction, settings, depth);
    }

    private static JsonNodeProfile Object(List<JsonElement> objects, double nullFraction, ProfileSettings settings, int depth)
    {
        var order = new List<string>();
        var byKey = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            foreach (var member in o.EnumerateObject())
            {
                if (!byKey.TryGetValue(member.Name, out var list))
                {
                    byKey[member.Name] = list = [];
                    order.Add(member.Name);
                }

                list.Add(member.Value);
            }
        }

        // a key is data too (a metadata dictionary's keys): kept only when k documents have it
        var members = order.Where(key => byKey[key].Count >= settings.QuantileMinCount)
            .Select(key => new JsonMemberProfile(key, Quantiles.Tidy((double)byKey[key].Count / objects.Count),
                Node(byKey[key], settings, depth + 1)))
            .ToList();
        return new JsonNodeProfile { Kind = JsonNodeKind.Object, NullFraction = nullFraction, Members = members };
    }

    private static JsonNodeProfile Array(List<JsonElement> arrays, double nullFraction, ProfileSettings settings, int depth)
    {
        var lengths = arrays.Select(a => (double)a.GetArrayLength()).ToArray();
        var items = arrays.SelectMany(a => a.EnumerateArray()).ToList();
        return new JsonNodeProfile
        {
            Kind = JsonNodeKind.Array,
            NullFraction = nullFraction,
            Lengths = ValueProtection.NumericQuantiles(lengths, LengthPoints, settings.QuantileMinCount, coarsen: false),
            Items = items.Count == 0 ? null : Node(items, settings, depth + 1),
        };
    }

    /// <summary>
    /// A categorical distribution of whole sub-documents when every distinct one is held by at least k documents and
    /// there are few of them; otherwise null (the place is then described part by part).
    /// </summary>
    private static CategoricalDistribution? Whole(List<JsonElement> values, ProfileSettings settings)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            var text = v.GetRawText();
            counts[text] = counts.GetValueOrDefault(text) + 1;
            if (counts.Count > settings.MaxCategories)
                return null;
        }

        if (counts.Count * 2 > values.Count || counts.Values.Any(c => c < settings.MinCount))
            return null;
        return new CategoricalDistribution
        {
            Values = counts.Select(c => new CategoryFrequency(c.Key, Quantiles.Tidy((double)c.Value / values.Count)))
                .OrderBy(c => c.Value, StringComparer.Ordinal).ToList(),
        };
    }

    private static JsonNodeProfile Leaf(JsonNodeKind kind, double nullFraction, List<object> values, ColumnCategory category,
        ProfileSettings settings)
    {
        var column = new ColumnProfile { Name = "", SqlType = "", Category = category };
        return new JsonNodeProfile
        {
            Kind = kind, NullFraction = nullFraction, Values = ColumnAnalyzer.DescribeValues(column, values, settings),
        };
    }

    private static JsonNodeKind KindOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => JsonNodeKind.Object,
        JsonValueKind.Array => JsonNodeKind.Array,
        JsonValueKind.String => JsonNodeKind.String,
        JsonValueKind.Number => JsonNodeKind.Number,
        JsonValueKind.True or JsonValueKind.False => JsonNodeKind.Boolean,
        _ => JsonNodeKind.Null,
    };
}
