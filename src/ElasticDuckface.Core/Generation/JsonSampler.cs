using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Generation;

/// <summary>
/// Writes JSON documents of a learned structure (<see cref="JsonDistribution"/>): every place draws from its own stream,
/// keyed by the row and, inside arrays, by the item's position, so a document is a function of (stream, row).
/// </summary>
internal sealed class JsonSampler : ValueSampler
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ColumnInfo _info;
    private readonly Place _root;

    public JsonSampler(ColumnInfo info, JsonDistribution distribution, ulong stream) : base(stream)
    {
        _info = info;
        _root = new Place(distribution.Root, stream);
    }

    // one buffer and writer per thread, reset per document: generation calls this once per row on every worker
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_output;

    public override object Sample(long row)
    {
        var (buffer, writer) = t_output ??= Output();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        _root.Write(writer, row);
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // a document cut short would not parse: a declared length too small for it keeps the empty document instead
        return _info.Length is { } n && text.Length > n ? _info.Cut(_root.Node.Kind == JsonNodeKind.Array ? "[]" : "{}") : text;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Output()
    {
        var buffer = new ArrayBufferWriter<byte>();
        return (buffer, new Utf8JsonWriter(buffer, s_writerOptions));
    }

    /// <summary>One place of the structure with the samplers of its leaf values, built once per column.</summary>
    private sealed class Place
    {
        private readonly ulong _stream;
        private readonly ValueSampler? _values;
        private readonly bool _raw;
        private readonly bool _integer;
        private readonly (string Key, double Presence, Place Value)[] _members;
        private readonly Place? _items;
        private readonly double[] _lengths;

        public Place(JsonNodeProfile node, ulong stream)
        {
            Node = node;
            _stream = stream;
            _members = (node.Members ?? [])
                .Select(m => (m.Key, m.Presence, new Place(m.Value, StableHash.Mix(stream ^ StableHash.Fnv1a(m.Key)))))
                .ToArray();
            _items = node.Items is null ? null : new Place(node.Items, StableHash.Mix(stream ^ 0x17E45));
            _lengths = Sorted(node.Lengths is { Count: > 0 } l ? l : [0]);
            if (node.Values is null)
                return;
            var category = node.Kind switch
            {
                JsonNodeKind.Number => ColumnCategory.Float,
                JsonNodeKind.Boolean => ColumnCategory.Boolean,
                JsonNodeKind.String => ColumnCategory.String,
                _ => ColumnCategory.Json,
            };
            _raw = node.Kind is JsonNodeKind.Object or JsonNodeKind.Array;
            _integer = node.Values is NumericDistribution { Integer: true } or SequenceDistribution
                || (node.Values is CategoricalDistribution c && c.Values.All(v => long.TryParse(v.Value, out _)));
            var leaf = new ColumnInfo(new ColumnProfile { Name = "", SqlType = "", Category = category },
                new ColumnType(category, 64, Unsigned: false));
            _values = Create(leaf, node.Values, StableHash.Mix(stream ^ 0xA1F));
        }

        public JsonNodeProfile Node { get; }

        public void Write(Utf8JsonWriter writer, long row)
        {
            if (Node.Kind == JsonNodeKind.Null || (Node.NullFraction > 0 && StableHash.Uniform(_stream, row, 1) < Node.NullFraction))
            {
                writer.WriteNullValue();
                return;
            }

            if (_values is not null)
            {
                WriteValue(writer, _values.Sample(row));
                return;
            }

            if (Node.Kind == JsonNodeKind.Object)
            {
                writer.WriteStartObject();
                foreach (var (key, presence, value) in _members)
                {
                    if (presence < 1 && StableHash.Uniform(value._stream, row, 2) >= presence)
                        continue;
                    writer.WritePropertyName(key);
                    value.Write(writer, row);
                }

                writer.WriteEndObject();
                return;
            }

            writer.WriteStartArray();
            var drawn = InverseCdf(_lengths, StableHash.Uniform(_stream, row, 3));
            var length = _items is null ? 0 : (int)Math.Clamp(Math.Round(drawn), 0, 1000);
            for (var i = 0; i < length; i++)
                _items!.Write(writer, (long)(StableHash.At(_stream, row, 100 + i) >> 1));
            writer.WriteEndArray();
        }

        private void WriteValue(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case string s when _raw:
                    writer.WriteRawValue(s, skipInputValidation: false);
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case double d when _integer && Math.Abs(d) < 9e15:
                    writer.WriteNumberValue((long)Math.Round(d));
                    break;
                case double d:
                    writer.WriteNumberValue(double.IsFinite(d) ? d : 0);
                    break;
                case long l:
                    writer.WriteNumberValue(l);
                    break;
                case decimal m:
                    writer.WriteNumberValue(m);
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
