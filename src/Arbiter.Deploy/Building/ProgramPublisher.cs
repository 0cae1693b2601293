namespace Arbiter.Deploy.Building;

/// <summary>
/// Publishes the arbiter program for the images on the build host, framework-dependent: the
/// images get the runtime as a layer of its own, copied from the build host's install
/// (<see cref="DotnetRuntime"/>), so no .NET download or SDK happens inside an image, and the
/// publish reuses the checkout's Release build rather than compiling everything again for a
/// runtime identifier (which a self-contained publish does: 3 to 14 minutes on a loaded 2-core
/// machine, against seconds).
/// </summary>
public static class ProgramPublisher
{
    private static readonly string[] NoBuild = ["--no-build"];

    public const string Project = "src/Arbiter.Cli/Arbiter.Cli.csproj";

    /// <summary>The checkout containing <paramref name="start"/> (the folder with Arbiter.slnx and
    /// the CLI's project), or null outside one.</summary>
    public static string? FindCheckout(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")) && File.Exists(Path.Combine(directory.FullName, Project)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Runs <c>dotnet publish -c Release</c> into <paramref name="output"/> (emptied
    /// first). With <paramref name="noBuild"/> it only gathers the Release build's output
    /// (<c>--no-build</c>: the build must be there and up to date, as after scripts/setup.sh).</summary>
    /// <exception cref="InvalidOperationException">The publish failed; the message ends with its last lines.</exception>
    public static async Task PublishAsync(string checkout, string output, string logPath, CancellationToken cancellationToken, bool noBuild = false)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var dotnet = ToolRun.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH: the .NET SDK publishes the program for the images.");
        var (code, tail) = await ToolRun.RunAsync(dotnet,
            ["publish", Path.Combine(checkout, Project), "-c", "Release", .. noBuild ? NoBuild : [], "-o", output, "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
            logPath, cancellationToken, checkout).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed (exit {code}); see {logPath}:\n{tail}");
        }

        KeepLinuxX64NativeAssets(output);
    }

    /// <summary>
    /// A framework-dependent publish without a runtime identifier carries the native libraries of
    /// its packages for every platform (SQLite's for Windows, macOS, iOS, Android, musl …: 67 of
    /// its 90 MB). The images run on linux-x64 only, whose runtime resolves nothing outside
    /// runtimes/linux-x64, runtimes/linux and runtimes/unix, so the rest is left out.
    /// </summary>
    public static void KeepLinuxX64NativeAssets(string output)
    {
        var runtimes = Path.Combine(output, "runtimes");
        if (!Directory.Exists(runtimes))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(runtimes))
        {
            if (Path.GetFileName(folder) is not ("linux-x64" or "linux" or "unix"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Copies an existing publish output into the build context (hard links where the
    /// file system allows, so a 100 MB program is not copied for every build).</summary>
    public static void CopyFrom(string source, string output)
    {
        if (!File.Exists(Path.Combine(source, "arbiter")) || !File.Exists(Path.Combine(source, "arbiter-launcher")))
        {
            throw new InvalidOperationException($"{source} is not a published Arbiter (no arbiter and arbiter-launcher in it).");
        }

        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(output, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }

        KeepLinuxX64NativeAssets(output);
    }
}
