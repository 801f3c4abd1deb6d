using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ElasticDuckface.Data.Connections;

/// <summary>
/// The non-secret fingerprint a profile keeps of its source, so that <c>generate</c> can refuse to write into it
/// (issue 12, docs/reliability.md): <c>hmac-sha256:SALT:HASH</c>, the HMAC-SHA256 of the engine's identity text (see
/// <see cref="Dialects.IDatabaseEngine.ReadIdentityAsync"/>) keyed with a random 16-byte salt stored beside it. The salt
/// keeps two profiles of one database from being linked and precomputed tables of common host or path names useless.
/// </summary>
public static class SourceFingerprint
{
    private const string Prefix = "hmac-sha256:";

    /// <summary>A new fingerprint of <paramref name="identity"/> with a fresh random salt.</summary>
    public static string Create(string identity) => Create(identity, RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="fingerprint"/> was made from <paramref name="identity"/>; false for a malformed one.</summary>
    public static bool Matches(string fingerprint, string identity)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var parts = fingerprint.Split(':');
        if (parts.Length != 3 || !fingerprint.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        byte[] salt;
        try
        {
            salt = Convert.FromHexString(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }

        return string.Equals(Create(identity, salt), fingerprint, StringComparison.OrdinalIgnoreCase);
    }

    private static string Create(string identity, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var hash = HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(identity));
        return Prefix + Convert.ToHexString(salt).ToLower(CultureInfo.InvariantCulture) + ":"
            + Convert.ToHexString(hash).ToLower(CultureInfo.InvariantCulture);
    }
}
