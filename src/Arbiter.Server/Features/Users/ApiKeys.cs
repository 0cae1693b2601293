using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Server.Features.Users;

/// <summary>API key secrets: "arb_" and 32 random bytes in base64url. Only their SHA-256 is
/// stored (a fast hash is right here: the secret has 256 bits of entropy, unlike a password).</summary>
internal static class ApiKeys
{
    public const string Scheme = "ApiKey";
    private const string Marker = "arb_";

    public static string NewSecret() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>What people see to recognise a key: its first characters.</summary>
    public static string Prefix(string secret) => secret[..Math.Min(secret.Length, 12)];

    public static bool LooksLikeKey(string value) => value.StartsWith(Marker, StringComparison.Ordinal) && value.Length is > 20 and < 100;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
