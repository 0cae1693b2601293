namespace Arbiter.Engine.Analysis.Functions;

/// <summary>One line of <c>nm -P</c>: the symbol name (demangled with -C, so it may hold spaces)
/// and its type letter (U undefined, w/v weak undefined when it has no value, T/t text…).</summary>
internal readonly record struct NmSymbol(string Name, char Type, bool HasValue)
{
    /// <summary>A symbol the object needs from elsewhere: a call (or data use) of an external function.</summary>
    public bool IsUndefined => Type == 'U' || (!HasValue && Type is 'w' or 'v');
}
