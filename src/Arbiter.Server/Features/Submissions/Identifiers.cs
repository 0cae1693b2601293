using System.Security.Cryptography;

namespace Arbiter.Server.Features.Submissions;

/// <summary>Submission ids (128 random bits, unguessable, URL-safe) and tickets (five capital
/// letters people can read out: 26^5 ≈ 11.9 million, so uniqueness is checked against the store).</summary>
internal static class Identifiers
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewTicket() => string.Create(5, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Letters[RandomNumberGenerator.GetInt32(Letters.Length)];
        }
    });
}
