namespace Arbiter.Deploy.Images;

/// <summary>One generated image: its name (without tag), what it is for, its Containerfile, and
/// for a worker the languages it runs and the parts of the build host's .NET SDK it needs.</summary>
public sealed record ImageContext(string Name, ImageKind Kind, string ContainerfilePath, IReadOnlyList<string> Languages)
{
    /// <summary>Folders of the SDK's <c>sdk/VERSION/</c> the image copies (<see cref="Building.DotnetSdk"/>).</summary>
    public IReadOnlyList<string> DotnetSdk { get; init; } = [];
}
