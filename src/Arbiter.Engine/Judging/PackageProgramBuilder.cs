using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Builds a program that lives in a package (an output validator, an interactor, an example
/// submission): the language from its entry file's extension, its other files (headers, modules)
/// beside it. Build and run scripts are not supported; such programs are refused with a reason.
/// </summary>
public sealed class PackageProgramBuilder(LanguageCatalog languages, ProgramBuilder builder)
{
    public async Task<PackageBuild> BuildAsync(ProgramSource program, IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        if (program.HasBuildScript || program.HasRunScript)
        {
            return PackageBuild.Refused($"'{program.Name}' uses build/run scripts, which Arbiter does not run yet");
        }

        if (program.EntryFile is null || languages.ForFile(program.EntryFile) is not { } language)
        {
            return PackageBuild.Refused($"cannot tell the language of '{program.Name}' (entry file {program.EntryFile ?? "unknown"})");
        }

        var entry = program.IsDirectory ? Path.Combine(program.Location, program.EntryFile) : program.Location;
        var extra = program.IsDirectory
            ? program.Files.Where(f => f != entry).Select(f => new SandboxFile(Path.GetRelativePath(program.Location, f), File.ReadAllBytes(f))).ToList()
            : [];
        var source = await File.ReadAllBytesAsync(entry, cancellationToken).ConfigureAwait(false);
        var build = await builder.BuildAsync(language, source, flags, cancellationToken, extra).ConfigureAwait(false);
        return new PackageBuild(language, build, build.Program is null ? $"'{program.Name}' did not compile: {build.Message}" : null);
    }
}

/// <summary>A package program's build, or why there is none.</summary>
public sealed record PackageBuild(LanguageSpec? Language, BuildResult? Build, string? Problem)
{
    public Building.CompiledProgram? Program => Build?.Program;

    public static PackageBuild Refused(string problem) => new(null, null, problem);
}
