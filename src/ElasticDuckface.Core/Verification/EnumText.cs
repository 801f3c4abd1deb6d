using System.Text.Json;

namespace ElasticDuckface.Verification;

/// <summary>An enum value as the report's JSON spells it (camelCase), so the human texts name it the same way.</summary>
public static class EnumText
{
    /// <summary>E.g. <c>lengthKs</c> for <see cref="ColumnMetric.LengthKs"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
