using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticDuckface.Profiles;

/// <summary>
/// Reads profile numbers as finite doubles: JSON has no infinity, but a literal such as <c>1e999</c> parses to one,
/// and an infinite mean or bound would reach the generator as a value no column can hold.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new JsonException("A number is expected here.");
        var value = reader.GetDouble();
        // the serializer adds the JSON path to the exception, which the profile error names
        return double.IsFinite(value)
            ? value
            : throw new JsonException("The number is out of range: a finite number is expected.");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
