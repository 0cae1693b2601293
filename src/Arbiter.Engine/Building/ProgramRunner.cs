using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>Runs a compiled program once in the sandbox, with a problem's limits adjusted for
/// its language (slower runtimes get more time; managed ones more memory and threads).</summary>
public sealed class ProgramRunner(ISandbox sandbox)
{
    public Task<SandboxResult> RunAsync(CompiledProgram program, SandboxInput stdin, SandboxLimits limits, CancellationToken cancellationToken)
        => sandbox.RunAsync(Request(program, stdin, limits), cancellationToken);

    /// <summary>The sandbox request that runs <paramref name="program"/>; callers add files,
    /// arguments, directories or a stdout pipe with <c>with</c>.</summary>
    public static SandboxRequest Request(CompiledProgram program, SandboxInput stdin, SandboxLimits limits, IReadOnlyList<string>? arguments = null)
        => Request(program.Language.Run, program, stdin, limits, arguments);

    /// <summary>The same request with another command in place of the language's run command
    /// (its check-and-run command, <see cref="ProgramBuilder.BuildAndRunAsync"/>).</summary>
    internal static SandboxRequest Request(IReadOnlyList<string> runCommand, CompiledProgram program, SandboxInput stdin, SandboxLimits limits, IReadOnlyList<string>? arguments)
    {
        var language = program.Language;
        var command = CommandTemplate.Expand(runCommand, language.SourceFile, [], limits.MemoryBytes >> 20);
        command.AddRange(arguments ?? []);
        return new SandboxRequest(command[0], command[1..])
        {
            Environment = language.Environment,
            Limits = ForLanguage(limits, language),
            Files = program.Files,
            Stdin = stdin,
            // A pre-started interpreter starts before the program's files are there: only a
            // program of one file, which nothing at start-up reads, runs as if it had been.
            Prestart = program.Files.Count == 1 ? language.Prestart : null,
        };
    }

    /// <summary>A problem's limits as this language's runs get them.</summary>
    public static SandboxLimits ForLanguage(SandboxLimits limits, LanguageSpec language)
    {
        var maximum = SandboxLimits.Maximum;
        return limits with
        {
            CpuTime = Min(language.Limits.Scale(limits.CpuTime), maximum.CpuTime),
            WallTime = Min(language.Limits.Scale(limits.WallTime), maximum.WallTime),
            MemoryBytes = Math.Min(limits.MemoryBytes + ((long)language.Limits.ExtraMemoryMiB << 20), maximum.MemoryBytes),
            Processes = Math.Max(limits.Processes, language.Limits.Processes),
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
