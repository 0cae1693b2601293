using System.Text.Json.Serialization;
using Arbiter.Sandbox;

namespace Arbiter.Server.Features.Submissions;

/// <summary>A validated submission as the store keeps it (RequestJson) and workers read it back:
/// everything decoded, named and bounded. The limits are the one limits value, stored as it is
/// (times as TimeSpans, sizes in bytes); jobs queued before it was stored so are still read.</summary>
internal sealed record StoredRequest(
    string Language,
    IReadOnlyList<StoredFile> Files,
    byte[]? Stdin,
    IReadOnlyList<string> Args,
    [property: JsonConverter(typeof(StoredLimitsReader))] SandboxLimits? Limits,
    IReadOnlyList<string> CompilerFlags);

/// <summary>A file, its bytes base64 in JSON.</summary>
internal sealed record StoredFile(string Name, byte[] Content);
