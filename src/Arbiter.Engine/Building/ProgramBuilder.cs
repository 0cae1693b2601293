using System.Text;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Tracing;
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
    public async Task<BuildResult> BuildAsync(
        LanguageSpec language,
        ReadOnlyMemory<byte> source,
        IReadOnlyList<string> flags,
        CancellationToken cancellationToken,
        IReadOnlyList<SandboxFile>? extraFiles = null)
    {
        extraFiles ??= [];
        using var span = ArbiterTrace.Start(ArbiterTrace.Compile);
        span?.SetTag("arbiter.language", language.Id);
        var key = BuildCache.Key(language, source.Span, flags, extraFiles);
        if (cache.TryGet(key, language, out var cached))
        {
            span?.SetTag("arbiter.cache_hit", true);
            return cached;
        }

        var result = await CompileAsync(language, source, flags, extraFiles, cancellationToken).ConfigureAwait(false);
        span?.SetTag("arbiter.cache_hit", false).SetTag("arbiter.compiled", result.Succeeded);
        cache.Store(key, result);
        return result;
    }

    /// <summary>
    /// Builds <paramref name="source"/> and runs it once with <paramref name="stdin"/>, as a
    /// build followed by <see cref="ProgramRunner.RunAsync"/> would, with the same build cache.
    /// A new source of a language with a check-and-run command (Python) takes one sandboxed start
    /// instead of two: the check's verdict comes from <see cref="CheckedRun"/>, a failed check is
    /// a compile error (cached, like any), a passed one caches the build. A run cut short before
    /// the check finished (a limit, a sandbox failure) falls back to the separate build and run,
    /// so the compile step keeps its own, larger limits. <c>running</c>, when given, is called when
    /// the program is about to run (for a status change): after a separate build succeeded, or
    /// before the one start of a check-and-run, whose check is part of that run (as an
    /// interpreter's syntax check is), so a long program is not shown as compiling while it runs.
    /// Returns the build, and the run when the build succeeded.
    /// </summary>
    public async Task<(BuildResult Build, SandboxResult? Run)> BuildAndRunAsync(
        LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<string> flags, SandboxInput stdin, SandboxLimits limits, IReadOnlyList<string>? arguments,
        CancellationToken cancellationToken, IReadOnlyList<SandboxFile>? extraFiles = null, Func<CancellationToken, Task>? running = null)
    {
        extraFiles ??= [];
        var key = BuildCache.Key(language, source.Span, flags, extraFiles);
        if (language.Compile?.CheckAndRun is { } checkAndRun && !cache.TryGet(key, language, out _))
        {
            var program = new CompiledProgram(language, [new SandboxFile(language.SourceFile, source), .. extraFiles]);
            if (running is not null)
            {
                await running(cancellationToken).ConfigureAwait(false);
                running = null; // said once, even when the separate build and run follow
            }

            SandboxResult run;
            using (var span = ArbiterTrace.Start(ArbiterTrace.Run))
            {
                // The language's check and the program's run in one sandboxed start.
                span?.SetTag("arbiter.language", language.Id).SetTag("arbiter.check_and_run", true);
                run = await sandbox.RunAsync(ProgramRunner.Request(checkAndRun, program, stdin, limits, arguments), cancellationToken).ConfigureAwait(false);
                span?.SetTag("arbiter.status", run.Status.ToString());
            }

            if (CheckedRun.Split(run) is var (checkOutput, programRun))
            {
                var checkedBuild = new BuildResult(program, Cap(checkOutput), TimeSpan.Zero, CacheHit: false, Message: null);
                cache.Store(key, checkedBuild);
                return (checkedBuild, programRun);
            }

            // The check's own verdict: it ran to the end and said no (exit 1, as the compile
            // command would). Anything else goes the separate way, which tells IE from CE.
            var output = Cap(Encoding.UTF8.GetString(run.Stderr) + Encoding.UTF8.GetString(run.Stdout));
            if (run.Status == RunStatus.RE && run.Signal is null && run.ExitCode == 1 && MissingToolchain(run, output) is null)
            {
                var failed = new BuildResult(null, output, run.WallTime, CacheHit: false, "compilation failed");
                cache.Store(key, failed);
                return (failed, null);
            }
        }

        var build = await BuildAsync(language, source, flags, cancellationToken, extraFiles).ConfigureAwait(false);
        if (build.Program is not { } compiled)
        {
            return (build, null);
        }

        if (running is not null)
        {
            await running(cancellationToken).ConfigureAwait(false);
        }

        using var runSpan = ArbiterTrace.Start(ArbiterTrace.Run);
        runSpan?.SetTag("arbiter.language", language.Id);
        var result = await sandbox.RunAsync(ProgramRunner.Request(compiled, stdin, limits, arguments), cancellationToken).ConfigureAwait(false);
        runSpan?.SetTag("arbiter.status", result.Status.ToString());
        return (build, result);
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

    private async Task<BuildResult> CompileAsync(
        LanguageSpec language,
        ReadOnlyMemory<byte> source,
        IReadOnlyList<string> flags,
        IReadOnlyList<SandboxFile> extraFiles,
        CancellationToken cancellationToken)
    {
        // A program with build/run scripts is its files as they are (BuildRunScripts); any other
        // is the language's source file with the other files beside it.
        var scripts = BuildRunScripts.Is(language);
        IReadOnlyList<SandboxFile> files = scripts ? extraFiles : [new SandboxFile(language.SourceFile, source), .. extraFiles];
        if (language.Compile is not { } compile)
        {
            return new BuildResult(new CompiledProgram(language, files), "", TimeSpan.Zero, CacheHit: false, Message: null);
        }

        var limits = CompileLimits(language);
        // A second toolchain of a language (c-clang) claims no extensions; its source file's counts.
        var sources = CommandTemplate.Sources(language.SourceFile, [.. language.Extensions, Path.GetExtension(language.SourceFile)], extraFiles.Select(f => f.Name));
        var command = CommandTemplate.Expand(compile.Command, language.SourceFile, flags, limits.MemoryBytes >> 20, sources);
        var run = await sandbox.RunAsync(new SandboxRequest(command[0], command[1..])
        {
            Environment = language.Environment,
            Limits = limits,
            Files = files,
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

        if (scripts)
        {
            var (built, problem) = BuildRunScripts.Unpack(run.Files[compile.Artifacts[0]]);
            return built is null
                ? new BuildResult(null, output, run.WallTime, CacheHit: false, problem)
                : new BuildResult(new CompiledProgram(language, built), output, run.WallTime, CacheHit: false, Message: null);
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
