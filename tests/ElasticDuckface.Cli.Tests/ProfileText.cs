using System.Text.RegularExpressions;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Profile JSON text with its randomly salted source fingerprint masked or removed, for byte comparisons.</summary>
internal static partial class ProfileText
{
    public static string MaskFingerprint(string json) => Fingerprint().Replace(json, "$1\"fingerprint\": \"(masked)\"");

    public static string WithoutFingerprint(string json) => Fingerprint().Replace(json, "");

    [GeneratedRegex(@"(,\n\s*)""fingerprint"": ""hmac-sha256:[0-9a-f]{32}:[0-9a-f]{64}""")]
    private static partial Regex Fingerprint();
}
