using Arbiter.Engine.Languages;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// The package's <c>include/</c> files a submission is built with, as the format says: those of
/// <c>include/&lt;language&gt;/</c> (the format's language codes are Arbiter's ids: <c>c</c>,
/// <c>cpp</c>, <c>java</c>, <c>python3</c>, …) and of <c>include/default/</c> (2023-07, every
/// language), copied beside the submission's own files, over any of the same name.
/// </summary>
internal static class PackageIncludes
{
    private const string AllLanguages = "default";

    public static IReadOnlyList<SandboxFile> For(ProblemPackage problem, LanguageSpec language)
    {
        var files = new Dictionary<string, SandboxFile>(StringComparer.Ordinal);
        foreach (var key in new[] { AllLanguages, language.Id })
        {
            if (!problem.IncludeDirectories.TryGetValue(key, out var directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(directory, file).Replace('\\', '/');
                files[name] = new SandboxFile(name, PackageConstants.Substitute(File.ReadAllBytes(file), problem.Constants));
            }
        }

        return [.. files.Values];
    }

    /// <summary>The submission's other files with the includes over them.</summary>
    public static IReadOnlyList<SandboxFile> Merge(IReadOnlyList<SandboxFile>? submitted, IReadOnlyList<SandboxFile> includes) =>
        includes.Count == 0 ? submitted ?? [] : [.. (submitted ?? []).Where(f => includes.All(i => i.Name != f.Name)), .. includes];
}
