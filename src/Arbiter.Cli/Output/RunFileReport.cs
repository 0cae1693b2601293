namespace Arbiter.Cli.Output;

/// <summary>What `arbiter run --json` prints: the language, the compilation and (if it compiled) the run.</summary>
internal sealed record RunFileReport(string Language, CompileReport Compile, RunReport? Run);
