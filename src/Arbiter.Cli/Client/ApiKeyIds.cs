using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>Finding and revoking a key by its id. The server shows a key's secret only once, but
/// lists every key with its first characters, so a key given with --key can still be found.</summary>
internal static class ApiKeyIds
{
    /// <summary>The id of the active key <paramref name="secret"/>, or null when the list does not show it.</summary>
    public static async Task<string?> FindAsync(ArbiterClient client, string secret, CancellationToken cancellationToken)
    {
        var keys = await client.GetAsync("api/v1/keys", cancellationToken);
        var matches = keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray()
                .Where(k => k.Text("revokedAt") is null && k.Text("prefix") is { Length: > 0 } prefix && secret.StartsWith(prefix, StringComparison.Ordinal))
                .ToList()
            : [];
        return matches.Count == 1 ? matches[0].Text("id") : null;
    }

    /// <summary>Revokes key <paramref name="id"/>; false when the server would not (not this
    /// user's key, already revoked, unreachable).</summary>
    public static async Task<bool> TryRevokeAsync(ArbiterClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteAsync($"api/v1/keys/{Uri.EscapeDataString(id)}", cancellationToken);
            return true;
        }
        catch (ClientException)
        {
            return false;
        }
    }
}
