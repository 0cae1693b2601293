using System.Runtime.InteropServices;

namespace Arbiter.Deploy.Building;

/// <summary>
/// The .NET runtime the images run the program on, copied from the build host's own install:
/// the <c>dotnet</c> host, its resolver and the two shared frameworks the program needs
/// (Microsoft.NETCore.App and Microsoft.AspNetCore.App), at the versions this process runs on.
/// The images get it as a layer of its own under <see cref="ImageDirectory"/>, below the
/// program's, so a change to the program rebuilds a few megabytes and the runtime's layer stays
/// cached; and the program is published framework-dependent, from the Release build the
/// checkout already has, instead of compiled again for a runtime identifier.
/// </summary>
public static class DotnetRuntime
{
    /// <summary>Where the images keep it (DOTNET_ROOT), the place the program's launcher looks first.</summary>
    public const string ImageDirectory = "/usr/share/dotnet";

    private static readonly string[] Frameworks = ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"];

    /// <summary>The install this process runs on, or the one of <c>dotnet</c> on PATH (for a
    /// self-contained arbiter); null when neither has both shared frameworks.</summary>
    public static string? FindRoot()
    {
        // .../shared/Microsoft.NETCore.App/<version>/ → the install's root.
        var running = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var onPath = ToolRun.Find("dotnet") is { } dotnet ? Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet) : null;
        return new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), running, onPath }
            .FirstOrDefault(root => root is not null && File.Exists(Path.Combine(root, "dotnet")) && Frameworks.All(f => Version(root, Shared(f)) is not null));
    }

    /// <summary>Copies the runtime into <paramref name="output"/> (emptied first): the files of
    /// <c>dotnet</c>, <c>host/fxr/V</c> and <c>shared/F/V</c> for each framework, V the version
    /// this process runs on where the install has it, else the highest of the same major.</summary>
    /// <exception cref="InvalidOperationException">No install with both frameworks was found.</exception>
    public static void CopyInto(string output, string? root = null)
    {
        root ??= FindRoot() ?? throw new InvalidOperationException(
            "no .NET install with Microsoft.NETCore.App and Microsoft.AspNetCore.App was found (DOTNET_ROOT, this process's, or dotnet on PATH): " +
                "the images take the runtime from the build host.");
        var missing = Frameworks.Select(Shared).Append(Path.Combine("host", "fxr")).Where(folder => Version(root, folder) is null).ToList();

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{root} has no {string.Join(", no ", missing)} of .NET {Environment.Version.Major}: " +
                $"the images take the runtime from the build host's install.");
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        CopyFile(Path.Combine(root, "dotnet"), Path.Combine(output, "dotnet"));
        var fxr = Path.Combine("host", "fxr", Version(root, Path.Combine("host", "fxr"))!);
        CopyTree(Path.Combine(root, fxr), Path.Combine(output, fxr));
        foreach (var framework in Frameworks)
        {
            var folder = Path.Combine(Shared(framework), Version(root, Shared(framework))!);
            CopyTree(Path.Combine(root, folder), Path.Combine(output, folder));
        }
    }

    /// <summary>The version folder to take under <paramref name="folder"/> (relative to the root:
    /// <c>shared/F</c>, <c>host/fxr</c>, <c>sdk</c>): this process's version if there, else the
    /// highest of its major.</summary>
    internal static string? Version(string root, string folder)
    {
        var versionsFolder = Path.Combine(root, folder);
        if (!Directory.Exists(versionsFolder))
        {
            return null;
        }

        var versions = Directory.GetDirectories(versionsFolder).Select(Path.GetFileName).OfType<string>()
            .Select(name => (Name: name, Parsed: System.Version.TryParse(name.Split('-')[0], out var v) ? v : null))
            .Where(v => v.Parsed is not null && v.Parsed.Major == Environment.Version.Major)
            .ToList();
        var current = Environment.Version.ToString(3);
        return versions.Any(v => v.Name == current) ? current : versions.OrderByDescending(v => v.Parsed).Select(v => v.Name).FirstOrDefault();
    }

    private static string Shared(string framework) => Path.Combine("shared", framework);

    internal static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            CopyFile(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }
}
