using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Building;

/// <summary>
/// Who compiles: every host path a language's compile and version commands name (the compiler,
/// an SDK directory a shell script lists), each as its final symlink target with size and
/// modification time. Part of the build cache key, so upgrading a compiler (a new file, or a new
/// SDK directory appearing) never serves artefacts the old one made. A few stat calls: cheap
/// enough for every build, and never stale, unlike a version probed once at start.
/// </summary>
internal static partial class ToolchainIdentity
{
    public static string Of(LanguageSpec language)
    {
        var text = new StringBuilder();
        var commands = (language.Compile?.Command ?? []).Concat(language.Version);
        foreach (var path in commands.SelectMany(part => HostPath().Matches(part)).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            text.Append(path).Append('=').Append(Describe(path)).Append(';');
        }

        return text.ToString();
    }

    private static string Describe(string path)
    {
        // Virtual file systems change on their own; they say nothing of the toolchain.
        if (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal)
            || path.StartsWith("/sys/", StringComparison.Ordinal))
        {
            return "virtual";
        }

        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            target.Refresh();
            if (!target.Exists)
            {
                return "missing";
            }

            var size = target is FileInfo file ? file.Length : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{target.FullName}:{size}:{target.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    // An absolute path not glued to a word ("${sdk}Roslyn/x" is not one), cut at the first
    // character a plain path does not have: a glob or a variable leaves its fixed directory.
    [GeneratedRegex(@"(?<![\w.$}/])/[A-Za-z0-9_.+\-/]+")]
    private static partial Regex HostPath();
}
