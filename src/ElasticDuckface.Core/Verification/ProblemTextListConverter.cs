using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticDuckface.Verification;

/// <summary>
/// Writes <see cref="FidelityReport.Problems"/> as their texts, the JSON shape readers of <c>--json</c> already rely on.
/// Reading gives an empty list: <see cref="FidelityReportSerializer.Deserialize"/> rebuilds the typed problems from the
/// tables and hard checks, since a text alone cannot give them back without parsing it.
/// </summary>
internal sealed class ProblemTextListConverter : JsonConverter<IReadOnlyList<FidelityProblem>>
{
    public override IReadOnlyList<FidelityProblem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return [];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<FidelityProblem> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var problem in value)
            writer.WriteStringValue(problem.Text);
        writer.WriteEndArray();
    }
}
