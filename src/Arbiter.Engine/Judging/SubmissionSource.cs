using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>A program from a package (an example submission, a validator) as something to build:
/// its language (from the entry file's extension), entry source and other files; or why it
/// cannot be built (build/run scripts are not supported).</summary>
public sealed record SubmissionSource(LanguageSpec? Language, byte[] Source, IReadOnlyList<SandboxFile> ExtraFiles, string? Problem)
{
    public static SubmissionSource From(ProgramSource program, LanguageCatalog languages)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(languages);
        if (program.HasBuildScript || program.HasRunScript || program.EntryFile is null)
        {
            return new SubmissionSource(null, [], [], $"'{program.Name}' has no single entry source Arbiter can build");
        }

        if (languages.ForFile(program.EntryFile) is not { } language)
        {
            return new SubmissionSource(null, [], [], $"no language for '{program.EntryFile}'");
        }

        var entry = program.IsDirectory ? Path.Combine(program.Location, program.EntryFile) : program.Location;
        var extra = program.Files.Where(f => f != entry)
            .Select(f => new SandboxFile(Path.GetRelativePath(program.Location, f), File.ReadAllBytes(f)))
            .ToList();
        return new SubmissionSource(language, File.ReadAllBytes(entry), extra, null);
    }
}
