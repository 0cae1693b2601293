namespace Arbiter.Engine.Reports;

/// <summary>What `arbiter run --json` prints: the language, the compilation and (if it compiled) the run.</summary>
public sealed record RunFileReport(string Language, CompileReport Compile, RunReport? Run);
