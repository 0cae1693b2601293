namespace Arbiter.Server.Features.Submissions;

/// <summary>A validated submission as the store keeps it (RequestJson) and workers read it back:
/// everything decoded, named and bounded.</summary>
internal sealed record StoredRequest(
    string Language,
    IReadOnlyList<StoredFile> Files,
    byte[]? Stdin,
    IReadOnlyList<string> Args,
    StoredLimits? Limits,
    IReadOnlyList<string> CompilerFlags);

/// <summary>A file, its bytes base64 in JSON.</summary>
internal sealed record StoredFile(string Name, byte[] Content);

internal sealed record StoredLimits(double CpuTimeMs, double WallTimeMs, long MemoryBytes, int Processes, long OutputBytes);
