using System.Text;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>
/// Compiles a source into a <see cref="CompiledProgram"/>, inside the sandbox (compilers are
/// attack surface too), with the language's compile limits, and through the build cache.
/// </summary>
public sealed class ProgramBuilder(ISandbox sandbox, BuildCache cache)
{
    private const int CompilerOutputCap = 64 * 1024;

    /// <summary>Compiles <paramref name="source"/> (placed as the language's source file), with
    /// <paramref name="extraFiles"/> (headers, helper modules, data files) beside it; the program
    /// keeps the extra files, so its runs find them too.</summary>
    public async Task<BuildResult> BuildAsync(LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<string> flags, CancellationToken cancellationToken, IReadOnlyList<SandboxFile>? extraFiles = null)
    {
        extraFiles ??= [];
        var key = BuildCache.Key(language, source.Span, flags, extraFiles);
        if (cache.TryGet(key, language, out var cached))
        {
            return cached;
        }

        var result = await CompileAsync(language, source, flags, extraFiles, cancellationToken).ConfigureAwait(false);
        cache.Store(key, result);
        return result;
    }

    /// <summary>The limits compiling gets: the language's compile budget, generous processes
    /// (compiler drivers and build tools start several), room for build caches in /tmp.</summary>
    public static SandboxLimits CompileLimits(LanguageSpec language) => SandboxLimits.Create(
        cpuTime: TimeSpan.FromSeconds(language.Limits.CompileSeconds),
        memoryBytes: (long)language.Limits.CompileMemoryMiB << 20,
        processes: Math.Max(256, language.Limits.Processes),
        outputBytes: 1 << 20) with
    {
        FileSizeBytes = 256L << 20,
        WorkDirBytes = 512L << 20,
    };

    private async Task<BuildResult> CompileAsync(LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<string> flags, IReadOnlyList<SandboxFile> extraFiles, CancellationToken cancellationToken)
    {
        var sourceFile = new SandboxFile(language.SourceFile, source);
        if (language.Compile is not { } compile)
        {
            return new BuildResult(new CompiledProgram(language, [sourceFile, .. extraFiles]), "", TimeSpan.Zero, CacheHit: false, Message: null);
        }

        var limits = CompileLimits(language);
        var command = CommandTemplate.Expand(compile.Command, language.SourceFile, flags, limits.MemoryBytes >> 20);
        var run = await sandbox.RunAsync(new SandboxRequest(command[0], command[1..])
        {
            Environment = language.Environment,
            Limits = limits,
            Files = [sourceFile, .. extraFiles],
            CollectFiles = compile.Artifacts,
        }, cancellationToken).ConfigureAwait(false);

        var output = Cap(Encoding.UTF8.GetString(run.Stderr) + Encoding.UTF8.GetString(run.Stdout));
        if (run.Status == RunStatus.IE)
        {
            return new BuildResult(null, output, run.WallTime, CacheHit: false, $"the compiler could not be run: {run.Message}", InternalError: true);
        }

        if (MissingToolchain(run, output) is { } missing)
        {
            // The server's fault, not the student's: IE, and never cached, so installing the
            // toolchain fixes the next attempt.
            return new BuildResult(null, output, run.WallTime, CacheHit: false, $"the {language.Name} toolchain is not installed here ({missing})", InternalError: true);
        }

        if (run.Status != RunStatus.OK)
        {
            var why = run.Status switch
            {
                RunStatus.TLE => $"compilation took longer than {limits.CpuTime.TotalSeconds:0.#} s",
                RunStatus.MLE => $"compilation needed more than {limits.MemoryBytes >> 20} MiB",
                RunStatus.OLE => "the compiler's output passed its limit",
                _ => "compilation failed",
            };
            return new BuildResult(null, output, run.WallTime, CacheHit: false, why, Retryable: run.Status is RunStatus.TLE or RunStatus.MLE);
        }

        if (compile.Artifacts.FirstOrDefault(a => !run.Files.ContainsKey(a)) is { } absent)
        {
            return new BuildResult(null, output, run.WallTime, CacheHit: false, $"the compiler did not produce '{absent}'");
        }

        var artifacts = compile.Artifacts.Select(a => new SandboxFile(a, run.Files[a], Executable: IsExecutable(run.Files[a]))).ToList();
        return new BuildResult(new CompiledProgram(language, WithExtraFiles(artifacts, extraFiles)), output, run.WallTime, CacheHit: false, Message: null);
    }

    /// <summary>The run sees every file the submission sent (a helper module, a data file it
    /// reads), not only what the compiler made; an artefact of the same name wins, as it did in
    /// the compile's work dir. Artefacts come first: the binary is the first executable.</summary>
    private static List<SandboxFile> WithExtraFiles(List<SandboxFile> artifacts, IReadOnlyList<SandboxFile> extraFiles) =>
        [.. artifacts, .. extraFiles.Where(extra => !artifacts.Any(a => a.Name == extra.Name))];

    /// <summary>Why the compiler could not be started, if it could not: the sandbox's exec
    /// failed, or the shell a language compiles through found no such command (exit 127).</summary>
    private static string? MissingToolchain(SandboxResult run, string output)
    {
        if (run.Status == RunStatus.RE && run.Message?.StartsWith("cannot execute", StringComparison.Ordinal) == true)
        {
            return run.Message;
        }

        return run.ExitCode == 127 && output.Contains("not found", StringComparison.Ordinal) ? output.Split('\n', 2)[0].Trim() : null;
    }

    /// <summary>Native executables (ELF) need the executable bit; jars and scripts do not.</summary>
    private static bool IsExecutable(byte[] content) => content.Length >= 4 && content[0] == 0x7f && content[1] == (byte)'E' && content[2] == (byte)'L' && content[3] == (byte)'F';

    private static string Cap(string text) => text.Length <= CompilerOutputCap ? text : text[..CompilerOutputCap] + "\n[… compiler output truncated]";
}
