namespace Arbiter.Engine.Languages;

/// <summary>
/// A language, as declared by one file in languages/: how to compile and run a program, how to
/// tell the toolchain's version, what comes pre-installed, and a program that proves it works.
/// Adding a language is adding a file; no code changes.
/// </summary>
public sealed record LanguageSpec
{
    /// <summary>Short identifier used in requests ("c", "python3").</summary>
    public required string Id { get; init; }

    /// <summary>Display name ("Python 3").</summary>
    public required string Name { get; init; }

    /// <summary>File extensions, with the dot, that infer this language (".py").</summary>
    public required IReadOnlyList<string> Extensions { get; init; }

    /// <summary>The name the submitted source gets in the work dir ("Main.java").</summary>
    public required string SourceFile { get; init; }

    /// <summary>How to compile, or null for languages run straight from source.</summary>
    public CompileStep? Compile { get; init; }

    /// <summary>The run command; placeholders as in <see cref="CommandTemplate"/>.</summary>
    public required IReadOnlyList<string> Run { get; init; }

    /// <summary>A command that starts the language's interpreter ahead of a run and, handed the
    /// run's command line (<see cref="Run"/> or the check-and-run command, expanded), becomes it
    /// in the same process (<see cref="Sandbox.SandboxRequest.Prestart"/>); null when the
    /// language has none. Used for programs of one file
    /// (<see cref="Building.ProgramRunner.Request(Building.CompiledProgram, Sandbox.SandboxInput, Sandbox.SandboxLimits, IReadOnlyList{string}?)"/>).</summary>
    public IReadOnlyList<string>? Prestart { get; init; }

    /// <summary>A command whose first output line carries the toolchain's version.</summary>
    public required IReadOnlyList<string> Version { get; init; }

    /// <summary>Environment variables for compiling and running.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How this language's runs are given more than a problem's limits.</summary>
    public LanguageLimits Limits { get; init; } = new();

    /// <summary>Ecosystem packages available to programs, each with its version probe.</summary>
    public IReadOnlyList<LanguagePackage> Packages { get; init; } = [];

    /// <summary>Debian packages that provide the toolchain (installed by scripts/setup.sh).</summary>
    public IReadOnlyList<string> Apt { get; init; } = [];

    /// <summary>Folders of the .NET SDK's <c>sdk/VERSION/</c> the toolchain runs (Roslyn, FSharp).
    /// Debian does not package the SDK, so a host has it from its own .NET install and the worker
    /// images copy these parts of the build host's, with the reference assemblies.</summary>
    public IReadOnlyList<string> DotnetSdk { get; init; } = [];

    /// <summary>Left out of the default set that scripts/setup.sh installs; installed with
    /// <c>--languages all</c> or by naming it.</summary>
    public bool Optional { get; init; }

    /// <summary>A small program, its input and its exact expected output.</summary>
    public required SelfTest SelfTest { get; init; }

    /// <summary>The file this spec was read from.</summary>
    public string? SourcePath { get; init; }
}

/// <summary>How to compile: the command, the files it produces that the run needs, which parser
/// reads its diagnostics ("gcc-json", "rustc-json" or "text"), and the flags that make warnings
/// errors (for problems that ask for it).</summary>
public sealed record CompileStep(IReadOnlyList<string> Command, IReadOnlyList<string> Artifacts, string Diagnostics)
{
    public IReadOnlyList<string> WarningsAsErrors { get; init; } = [];

    /// <summary>For languages whose compile step only checks the source (its one artifact is the
    /// source itself): a command that does the same check and, once it passes, writes
    /// <see cref="Building.CheckedRun.Marker"/> to stderr and runs the program in the same
    /// process. A new source run once then costs one start instead of two; see
    /// <see cref="Building.ProgramBuilder.BuildAndRunAsync"/>.</summary>
    public IReadOnlyList<string>? CheckAndRun { get; init; }

    /// <summary>Whether a problem's banned functions are read off the binary's symbols (C, Go:
    /// what the symbols name is what the program calls) or searched for in the source (Haskell,
    /// OCaml: their runtimes link fork and system whatever the program does).</summary>
    public bool SymbolChecks { get; init; } = true;
}

/// <summary>How a language's runs exceed a problem's limits: slower runtimes get a CPU/wall
/// multiplier, runtimes with a costly start (a JVM loading a language's library) some extra
/// seconds, managed runtimes some extra memory and threads. Compilation has its own limits.</summary>
public sealed record LanguageLimits
{
    public double TimeMultiplier { get; init; } = 1.0;

    /// <summary>CPU and wall seconds added after the multiplier: the runtime's own start, which
    /// does not grow with the problem's limit.</summary>
    public double ExtraSeconds { get; init; }

    public int ExtraMemoryMiB { get; init; }

    public int Processes { get; init; } = 64;

    public double CompileSeconds { get; init; } = 10;

    public int CompileMemoryMiB { get; init; } = 1024;

    /// <summary>A problem's time limit as this language's runs get it.</summary>
    public TimeSpan Scale(TimeSpan limit) => (limit * TimeMultiplier) + TimeSpan.FromSeconds(ExtraSeconds);

    /// <summary>A time this language's run took, as the problem's own limit would count it:
    /// the inverse of <see cref="Scale"/>, never below zero.</summary>
    public TimeSpan Unscale(TimeSpan taken) => taken <= TimeSpan.FromSeconds(ExtraSeconds) ? TimeSpan.Zero : (taken - TimeSpan.FromSeconds(ExtraSeconds)) / TimeMultiplier;
}

/// <summary>A pre-installed package ("numpy") and a command printing its version.</summary>
public sealed record LanguagePackage(string Name, IReadOnlyList<string> Version);

/// <summary>A program that must print <paramref name="Expected"/> given <paramref name="Stdin"/>.</summary>
public sealed record SelfTest(string Source, string Stdin, string Expected);
