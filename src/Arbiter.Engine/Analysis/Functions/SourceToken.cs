namespace Arbiter.Engine.Analysis.Functions;

/// <summary>A token of source text outside comments and string literals.</summary>
internal readonly record struct SourceToken(string Text, int Line)
{
    public bool IsIdentifier => Text.Length > 0 && (char.IsAsciiLetter(Text[0]) || Text[0] == '_');
}
