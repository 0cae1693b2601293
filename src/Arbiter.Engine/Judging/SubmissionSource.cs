using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>A program from a package (an example submission, a validator) as something to build:
/// its language and entry file (<see cref="ProgramEntry"/>), entry source and other files; or why
/// it cannot be built (build/run scripts are not supported).</summary>
public sealed record SubmissionSource(LanguageSpec? Language, byte[] Source, IReadOnlyList<SandboxFile> ExtraFiles, string? Problem)
{
    public static SubmissionSource From(ProgramSource program, LanguageCatalog languages)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(languages);
        if (program.HasBuildScript || program.HasRunScript)
        {
            return new SubmissionSource(null, [], [], $"'{program.Name}' has build/run scripts, which Arbiter does not run; give it as source files instead");
        }

        var files = program.RelativeFiles.ToList();
        var (language, entry) = ProgramEntry.Find(files, program.Name, languages);
        if (language is null || entry is null)
        {
            return new SubmissionSource(null, [], [], $"no language for '{program.Name}' (none of {string.Join(", ", files.Take(5))}{(files.Count > 5 ? ", …" : "")} has a known extension)");
        }

        var entryPath = program.IsDirectory ? Path.Combine(program.Location, entry) : program.Location;
        var extra = program.Files.Where(f => f != entryPath)
            .Select(f => new SandboxFile(Path.GetRelativePath(program.Location, f).Replace('\\', '/'), File.ReadAllBytes(f)))
            .ToList();
        return new SubmissionSource(language, File.ReadAllBytes(entryPath), extra, null);
    }
}
