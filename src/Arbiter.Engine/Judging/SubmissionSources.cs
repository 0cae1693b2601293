using System.Text;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// The text of a submission that the source rules read: the main file and those of its other
/// files that are code in its language (a helper module) or headers it may include. Data files a
/// multi-file submission brings along are left out: a word in a test input is no use of it.
/// </summary>
internal static class SubmissionSources
{
    /// <summary>Headers and include files of the C family and Fortran, whatever the main language.</summary>
    private static readonly HashSet<string> IncludeExtensions = new([".h", ".hh", ".hpp", ".hxx", ".inc", ".ipp", ".tpp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Text by path relative to the work dir, the main file under the language's name for it.</summary>
    public static Dictionary<string, string> Of(LanguageSpec language, ReadOnlyMemory<byte> source, IReadOnlyList<SandboxFile>? extraFiles)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal) { [language.SourceFile] = Encoding.UTF8.GetString(source.Span) };
        foreach (var file in extraFiles ?? [])
        {
            var extension = Path.GetExtension(file.Name);
            if (IncludeExtensions.Contains(extension) || language.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                sources.TryAdd(file.Name, Encoding.UTF8.GetString(file.Content.Span));
            }
        }

        return sources;
    }
}
