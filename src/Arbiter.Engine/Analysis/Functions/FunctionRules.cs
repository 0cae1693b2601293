namespace Arbiter.Engine.Analysis.Functions;

/// <summary>A problem's rules on what a submission may call or write.</summary>
/// <param name="Banned">Functions that must not be called ("system", "exit", "fork"). A qualified
/// C++ name bans its members too ("std::thread" bans "std::thread::join").</param>
/// <param name="Allowed">When not null, the only external functions allowed, besides the ones the
/// compiler and runtime add on their own (stack protector, struct-copy memcpy, C++ runtime…).</param>
/// <param name="BannedKeywords">Words that must not appear in the source outside comments and
/// strings ("goto", "asm"); a keyword of several words matches consecutive identifiers
/// ("std thread" or "std::thread" both match std::thread).</param>
public sealed record FunctionRules(
    IReadOnlyCollection<string> Banned,
    IReadOnlyCollection<string>? Allowed = null,
    IReadOnlyCollection<string>? BannedKeywords = null)
{
    /// <summary>No rules.</summary>
    public static FunctionRules None { get; } = new([]);

    /// <summary>Whether any check needs the compiled object's symbols.</summary>
    public bool NeedsSymbols => Banned.Count > 0 || Allowed is not null;
}
