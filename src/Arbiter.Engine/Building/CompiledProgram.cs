using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>A program ready to run: its language and the files the run command needs.</summary>
public sealed record CompiledProgram(LanguageSpec Language, IReadOnlyList<SandboxFile> Files);
