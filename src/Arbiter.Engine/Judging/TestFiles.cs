using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// A test's <c>NAME.files</c> directory (2025-09): input the program reads through the file
/// system. Its files are copied into the work dir after the program's own, over any of the same
/// name, as the format says ("possibly overwriting the compiled submission file"). Read when the
/// test runs, never at load, like the test's other files.
/// </summary>
internal static class TestFiles
{
    /// <summary><paramref name="files"/> with the test's files over them (the same list when the test has none).</summary>
    public static IReadOnlyList<SandboxFile> Over(IReadOnlyList<SandboxFile> files, TestCase test)
    {
        if (test.FilesDirectory is not { } directory)
        {
            return files;
        }

        var added = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new SandboxFile(Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllBytes(f)))
            .ToList();
        var names = added.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return [.. files.Where(f => !names.Contains(f.Name)), .. added];
    }

    /// <summary><paramref name="request"/> with the test's files in its work dir, which grows to
    /// hold them (what the program writes keeps the room it had).</summary>
    public static SandboxRequest Into(SandboxRequest request, TestCase test)
    {
        if (test.FilesDirectory is null)
        {
            return request;
        }

        var files = Over(request.Files, test);
        var needed = request.Limits.WorkDirBytes + files.Sum(f => (long)f.Content.Length);
        return request with
        {
            Files = files,
            Limits = request.Limits with { WorkDirBytes = Math.Min(needed, SandboxLimits.Maximum.WorkDirBytes) },
        };
    }
}
