namespace Arbiter.Engine.Languages;

/// <summary>What probing a language found: the toolchain's version, its packages' versions, and
/// whether the self-test program compiled, ran and printed what it should.</summary>
public sealed record LanguageStatus(
    string Id,
    string Name,
    bool Available,
    string? Version,
    IReadOnlyDictionary<string, string?> Packages,
    bool SelfTestPassed,
    string? Problem,
    double CompileMs,
    double RunMs);
