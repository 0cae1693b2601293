namespace Arbiter.Deploy.Images;

/// <summary>One generated image: its name (without tag), what it is for, its Containerfile, and
/// for a worker the languages it runs.</summary>
public sealed record ImageContext(string Name, ImageKind Kind, string ContainerfilePath, IReadOnlyList<string> Languages);
