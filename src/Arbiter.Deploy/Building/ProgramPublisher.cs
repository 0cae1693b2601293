namespace Arbiter.Deploy.Building;

/// <summary>
/// Publishes the arbiter program for the images on the build host, self-contained for linux-x64:
/// the images then need no .NET download or SDK, only the runtime's few native dependencies.
/// </summary>
public static class ProgramPublisher
{
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

    /// <summary>Runs <c>dotnet publish</c> into <paramref name="output"/> (emptied first).</summary>
    /// <exception cref="InvalidOperationException">The publish failed; the message ends with its last lines.</exception>
    public static async Task PublishAsync(string checkout, string output, string logPath, CancellationToken cancellationToken)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var dotnet = ToolRun.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH: the .NET SDK publishes the program for the images.");
        var (code, tail) = await ToolRun.RunAsync(dotnet,
            ["publish", Path.Combine(checkout, Project), "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
            logPath, cancellationToken, checkout).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed (exit {code}); see {logPath}:\n{tail}");
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
    }
}
