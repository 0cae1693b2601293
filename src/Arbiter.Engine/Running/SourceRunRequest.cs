using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Running;

/// <summary>A source to build and run once (<see cref="SourceRunner"/>).</summary>
/// <param name="Language">The source's language.</param>
/// <param name="Source">The main source, placed as the language's source file.</param>
public sealed record SourceRunRequest(LanguageSpec Language, ReadOnlyMemory<byte> Source)
{
    /// <summary>The submission's other files (headers, modules, data), beside the source when it
    /// is compiled and when it runs.</summary>
    public IReadOnlyList<SandboxFile> Files { get; init; } = [];

    /// <summary>The program's standard input; none by default.</summary>
    public SandboxInput Stdin { get; init; } = SandboxInput.None;

    /// <summary>Arguments after the language's run command.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra flags for the language's compile command.</summary>
    public IReadOnlyList<string> CompilerFlags { get; init; } = [];

    /// <summary>The run's limits (before the language's own allowance, which
    /// <see cref="Building.ProgramRunner.ForLanguage"/> adds), or null for <see cref="SandboxLimits.Default"/>.</summary>
    public SandboxLimits? Limits { get; init; }
}
