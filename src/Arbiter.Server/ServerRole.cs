using System.Text.Json.Serialization;

namespace Arbiter.Server;

/// <summary>What one process of the service runs (<c>Server:Role</c>, <c>--role</c>). Configured
/// as "all", "api" or "worker" (any case), and shown as those words in the admin overview and on
/// telemetry (see <see cref="Storage.WireNames"/>).</summary>
public enum ServerRole
{
    /// <summary>The API and the workers in one process: the default.</summary>
    [JsonStringEnumMemberName("all")]
    All,

    /// <summary>The API only: submissions are queued for worker processes.</summary>
    [JsonStringEnumMemberName("api")]
    Api,

    /// <summary>Workers only: they lease jobs from the shared store and serve no API.</summary>
    [JsonStringEnumMemberName("worker")]
    Worker,
}
