using System.Text.Encodings.Web;
using Arbiter.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>Authenticates "Authorization: Bearer arb_…" against the stored key hashes; a
/// revoked or unknown key fails (401), it never falls back to anonymous.</summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IUserStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header[7..].Trim();
        if (!ApiKeys.LooksLikeKey(secret) || await store.FindApiKeyAsync(ApiKeys.Hash(secret), Context.RequestAborted) is not { } found)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var principal = Caller.KeyPrincipal(found.User, found.Key);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeys.Scheme));
    }
}
