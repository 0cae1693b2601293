using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Users;

/// <summary>
/// Slows password guessing: after <see cref="ServerOptions.SignInFailuresAllowed"/> failed
/// sign-ins for one name, or ten times as many from one client address (a classroom shares one
/// address behind its NAT), within the lockout window, sign-in answers
/// 429 with Retry-After until the window of the first failure ends — even with the right
/// password, so a guesser learns nothing. A success clears the name's count. Kept in this process
/// (several API processes each count their own; the bound per process still holds).
/// </summary>
internal sealed class SignInThrottle(IOptions<ServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _failures = new(StringComparer.Ordinal);

    /// <summary>Seconds to wait before trying again, or null when a try is allowed.</summary>
    public int? RetryAfter(string name, string? address)
    {
        var now = time.GetUtcNow();
        var allowed = options.Value.SignInFailuresAllowed;
        var wait = new[] { Wait(NameKey(name), allowed, now), Wait(AddressKey(address), allowed * 10, now) }.Max();
        return wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : null;
    }

    public void Failed(string name, string? address)
    {
        var now = time.GetUtcNow();
        foreach (var key in new[] { NameKey(name), AddressKey(address) })
        {
            _failures.AddOrUpdate(key, _ => new Window(now, 1), (_, w) => Expired(w, now) ? new Window(now, 1) : w with { Count = w.Count + 1 });
        }

        // Keep the table small: forget windows that have ended.
        if (_failures.Count > 10_000)
        {
            foreach (var (key, window) in _failures)
            {
                if (Expired(window, now))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    public void Succeeded(string name) => _failures.TryRemove(NameKey(name), out _);

    public static void Refuse(HttpContext http, int seconds) =>
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

    private TimeSpan Wait(string key, int allowed, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var w) && !Expired(w, now) && w.Count >= allowed
            ? w.Started.AddSeconds(options.Value.SignInLockoutSeconds) - now
            : TimeSpan.Zero;

    private bool Expired(Window window, DateTimeOffset now) => now >= window.Started.AddSeconds(options.Value.SignInLockoutSeconds);

    private static string NameKey(string name) => "name:" + name.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();

    private static string AddressKey(string? address) => "addr:" + (address ?? "unknown");

    private sealed record Window(DateTimeOffset Started, int Count);
}
