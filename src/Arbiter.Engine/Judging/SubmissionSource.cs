using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>A program from a package (an example submission, a validator) as something to build:
/// its language and entry file (<see cref="ProgramEntry"/>), entry source and other files, or, for
/// a directory with <c>build</c>/<c>run</c> scripts, all its files as <see cref="BuildRunScripts"/>
/// builds them; or why it cannot be built.</summary>
public sealed record SubmissionSource(LanguageSpec? Language, byte[] Source, IReadOnlyList<SandboxFile> ExtraFiles, string? Problem)
{
    public static SubmissionSource From(ProgramSource program, LanguageCatalog languages)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(languages);
        if (program.HasBuildScript || program.HasRunScript)
        {
            // Built by its own scripts in the sandbox; the execute bits are the package's, as
            // problemtools requires them (BuildRunScripts).
            var scripted = program.Files
                .Select(f => new SandboxFile(Path.GetRelativePath(program.Location, f).Replace('\\', '/'), program.Read(f), IsExecutable(f)))
                .ToList();
            return new SubmissionSource(BuildRunScripts.Language, [], scripted, null);
        }

        var files = program.RelativeFiles.ToList();
        var (language, entry) = ProgramEntry.Find(files, program.Name, languages);
        if (language is null || entry is null)
        {
            return new SubmissionSource(null, [], [], $"no language for '{program.Name}' " +
                $"(none of {string.Join(", ", files.Take(5))}{(files.Count > 5 ? ", …" : "")} has a known extension)");
        }

        var entryPath = program.IsDirectory ? Path.Combine(program.Location, entry) : program.Location;
        var extra = program.Files.Where(f => f != entryPath)
            .Select(f => new SandboxFile(Path.GetRelativePath(program.Location, f).Replace('\\', '/'), program.Read(f)))
            .ToList();
        return new SubmissionSource(language, program.Read(entryPath), extra, null);
    }

    private static bool IsExecutable(string path) => (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
