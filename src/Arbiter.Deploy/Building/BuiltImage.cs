namespace Arbiter.Deploy.Building;

/// <summary>An image that was built: its full tag and its size in bytes as the engine reports it.</summary>
public sealed record BuiltImage(string Tag, long SizeBytes, TimeSpan Took);
