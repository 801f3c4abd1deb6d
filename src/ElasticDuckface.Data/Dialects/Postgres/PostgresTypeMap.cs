using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>
/// PostgreSQL's integer widths: <c>smallint</c>/<c>int2</c>/<c>smallserial</c> 16 bits, <c>integer</c>/<c>int</c>/
/// <c>int4</c>/<c>serial</c> 32, <c>bigint</c>/<c>int8</c>/<c>bigserial</c> 64; time zones and arrays from the declared text.
/// </summary>
public sealed class PostgresTypeMap : NamedColumnTypeMap
{
    private PostgresTypeMap()
        : base(new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["smallint"] = 16, ["int2"] = 16, ["smallserial"] = 16, ["serial2"] = 16,
            ["integer"] = 32, ["int"] = 32, ["int4"] = 32, ["serial"] = 32, ["serial4"] = 32,
            ["bigint"] = 64, ["int8"] = 64, ["bigserial"] = 64, ["serial8"] = 64,
        })
    {
        // timestamp, time and interval without an argument keep microseconds
        UndeclaredSecondDigits = FractionDigits.Max;
    }

    /// <summary>The one instance.</summary>
    public static PostgresTypeMap Instance { get; } = new();
}
