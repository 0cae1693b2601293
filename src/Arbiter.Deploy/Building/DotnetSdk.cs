namespace Arbiter.Deploy.Building;

/// <summary>
/// The parts of the .NET SDK that languages compile with (C# and Visual Basic with Roslyn, F#
/// with FSharp; their specs list them under <c>dotnetSdk:</c>). Debian packages no .NET SDK, so
/// a host has it from its own .NET install, and a worker image gets these parts of the build
/// host's install rather than a package: each part under <c>PART/sdk/VERSION/PART</c> and the
/// reference assemblies the compilers are given under <c>ref/packs/Microsoft.NETCore.App.Ref/V</c>,
/// so each is copied onto the image's <see cref="DotnetRuntime.ImageDirectory"/> as a layer of its
/// own. The whole SDK (about 400 MB, MSBuild and NuGet included) never goes in.
/// </summary>
public static class DotnetSdk
{
    /// <summary>The folder, beside the parts, holding the reference assemblies.</summary>
    public const string ReferenceFolder = "ref";

    private static readonly string ReferencePack = Path.Combine("packs", "Microsoft.NETCore.App.Ref");

    /// <summary>Copies <paramref name="parts"/> of the SDK of the runtime's major version (the
    /// highest installed) and its reference pack into <paramref name="output"/> (emptied first).</summary>
    /// <exception cref="InvalidOperationException">No such SDK, reference pack or part on this host.</exception>
    public static void CopyInto(string output, IReadOnlyList<string> parts, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        root ??= DotnetRuntime.FindRoot() ?? throw new InvalidOperationException("no .NET install was found on this host (DOTNET_ROOT, or dotnet on PATH).");
        var sdk = DotnetRuntime.Version(root, "sdk");
        var reference = DotnetRuntime.Version(root, ReferencePack);
        var missing = new List<string>();
        if (sdk is null)
        {
            missing.Add($"sdk/ of .NET {Environment.Version.Major}");
        }
        else
        {
            missing.AddRange(parts.Select(part => Path.Combine("sdk", sdk, part)).Where(folder => !Directory.Exists(Path.Combine(root, folder))));
        }

        if (reference is null)
        {
            missing.Add(ReferencePack);
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{root} has no {string.Join(", no ", missing)}: the worker images of languages that compile with the " +
                $".NET SDK ({string.Join(", ", parts)}) take it from the build host's install.");
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        foreach (var part in parts)
        {
            var folder = Path.Combine("sdk", sdk!, part);
            DotnetRuntime.CopyTree(Path.Combine(root, folder), Path.Combine(output, part, folder));
        }

        var pack = Path.Combine(ReferencePack, reference!);
        DotnetRuntime.CopyTree(Path.Combine(root, pack), Path.Combine(output, ReferenceFolder, pack));
    }
}
