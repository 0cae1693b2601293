namespace Arbiter.Server.Tests;

/// <summary>The setting that lets a test server call back to a listener on 127.0.0.1, which
/// servers refuse by default (callbacks may not reach the service's own network).</summary>
internal static class LoopbackCallbacks
{
    public const string Setting = "ARBITER__CALLBACKS__ALLOWEDRANGES__0";

    public const string Range = "127.0.0.1/32";
}
