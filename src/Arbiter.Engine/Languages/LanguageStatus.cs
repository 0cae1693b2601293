namespace Arbiter.Engine.Languages;

/// <summary>What probing a language found: the toolchain's version, its packages' versions,
/// whether the self-test program compiled, ran and printed what it should, and which of the
/// language's Debian packages this host lacks.</summary>
public sealed record LanguageStatus(
    string Id,
    string Name,
    bool Available,
    string? Version,
    IReadOnlyDictionary<string, string?> Packages,
    bool SelfTestPassed,
    string? Problem,
    double CompileMs,
    double RunMs)
{
    /// <summary>The language's Debian packages (its <c>apt:</c> list) that are not installed here;
    /// empty when all are, or when the host has no dpkg database.</summary>
    public IReadOnlyList<string> MissingPackages { get; init; } = [];
}
