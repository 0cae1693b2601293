namespace Arbiter.Deploy.Images;

/// <summary>What a generated image is for.</summary>
public enum ImageKind
{
    Api,
    Worker,
    Database,
}
