using System.ComponentModel.DataAnnotations;

namespace Arbiter.Engine.Analysis.Diagnostics;

/// <summary>Bounds and path handling for <see cref="DiagnosticParser"/>.</summary>
public sealed record DiagnosticOptions
{
    /// <summary>Defaults: the sandbox's /box work dir, 200 diagnostics, 1000 characters each.</summary>
    public static DiagnosticOptions Default { get; } = new();

    /// <summary>The work dir inside the sandbox; paths under it are made relative.</summary>
    public string WorkDir { get; init; } = "/box";

    /// <summary>Most diagnostics kept (default 200); the rest are counted only.</summary>
    [Range(1, 100_000)]
    public int MaxDiagnostics { get; init; } = 200;

    /// <summary>Longest message kept, in characters (default 1000); longer ones end with "…".</summary>
    [Range(16, 1_000_000)]
    public int MaxMessageLength { get; init; } = 1000;
}
