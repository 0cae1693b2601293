using Arbiter.Engine.Languages;

namespace Arbiter.Deploy.Pools;

/// <summary>
/// A group of languages served by one worker image and one worker Deployment (the paper's
/// "runlang" service): by default one pool per language, or several languages together
/// (<c>jvm=java,kotlin</c>) when they share a toolchain.
/// </summary>
/// <param name="Name">Lower-case letters, digits and '-': an image name and a Kubernetes name.</param>
/// <param name="Languages">The pool's language specs, in the catalog's order.</param>
public sealed record WorkerPool(string Name, IReadOnlyList<LanguageSpec> Languages)
{
    /// <summary>The image's name without tag: <c>arbiter-&lt;pool&gt;</c>.</summary>
    public string ImageName => ImageNames.Worker(Name);

    /// <summary>The language ids, comma-separated, as <c>Server:WorkerLanguages</c> takes them.</summary>
    public string LanguageList => string.Join(",", Languages.Select(l => l.Id));

    /// <summary>Every Debian package the pool's specs list under <c>apt:</c>, each once, in order.</summary>
    public IReadOnlyList<string> AptPackages => [.. Languages.SelectMany(l => l.Apt).Distinct(StringComparer.Ordinal)];

    /// <summary>The parts of the .NET SDK the pool's specs list under <c>dotnetSdk:</c>, each once, in order.</summary>
    public IReadOnlyList<string> DotnetSdkParts => [.. Languages.SelectMany(l => l.DotnetSdk).Distinct(StringComparer.Ordinal)];
}
