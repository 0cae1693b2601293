using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Builds a program that lives in a package (an output validator, an interactor, an example
/// submission): the language from its entry file's extension, its other files (headers, modules)
/// beside it; or, for a directory with <c>build</c>/<c>run</c> scripts, by its own scripts
/// (<see cref="BuildRunScripts"/>). A program in no known language is refused with a reason.
/// </summary>
public sealed class PackageProgramBuilder(LanguageCatalog languages, ProgramBuilder builder)
{
    public async Task<PackageBuild> BuildAsync(ProgramSource program, IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        var source = SubmissionSource.From(program, languages);
        if (source.Language is not { } language)
        {
            return PackageBuild.Refused(source.Problem ?? $"'{program.Name}' cannot be built");
        }

        var build = await builder.BuildAsync(language, source.Source, flags, cancellationToken, source.ExtraFiles).ConfigureAwait(false);
        return new PackageBuild(language, build, build.Program is null ? $"'{program.Name}' did not compile: {build.Message}" : null);
    }
}

/// <summary>A package program's build, or why there is none.</summary>
public sealed record PackageBuild(LanguageSpec? Language, BuildResult? Build, string? Problem)
{
    public Building.CompiledProgram? Program => Build?.Program;

    public static PackageBuild Refused(string problem) => new(null, null, problem);
}
