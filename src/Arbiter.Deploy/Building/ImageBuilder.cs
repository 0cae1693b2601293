using System.Diagnostics;
using System.Globalization;
using Arbiter.Deploy.Images;

namespace Arbiter.Deploy.Building;

/// <summary>
/// Builds generated images with podman or docker, tagged <c>&lt;name&gt;:&lt;version&gt;</c>. A worker
/// build runs the pool's self-tests in the real sandbox, so podman is given the sandbox's
/// privileges for its build steps (<see cref="SandboxPrivileges"/>); docker's builder cannot be,
/// so with docker the step is skipped and the worker runs the self-tests when it starts.
/// </summary>
public sealed class ImageBuilder(ContainerEngine engine, string contextDirectory, string version)
{
    /// <summary>Build argument values: BASE_IMAGE when a base other than the default is wanted.</summary>
    public string? BaseImage { get; init; }

    public bool SelfTest { get; init; } = true;

    /// <summary>Whether the worker self-test step can run under this engine.</summary>
    public bool RunsSelfTests => SelfTest && engine.IsPodman;

    public async Task<BuiltImage> BuildAsync(ImageContext image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tag = $"{image.Name}:{version}";
        var arguments = new List<string> { "build", "-f", image.ContainerfilePath, "-t", tag, "--build-arg", $"VERSION={version}" };
        if (BaseImage is not null)
        {
            arguments.AddRange(["--build-arg", $"BASE_IMAGE={BaseImage}"]);
        }

        if (image.Kind == ImageKind.Worker)
        {
            arguments.AddRange(["--build-arg", $"SELF_TEST={(RunsSelfTests ? 1 : 0)}"]);
            if (RunsSelfTests)
            {
                arguments.AddRange(SandboxPrivileges.EngineRunArguments(build: true));
            }
        }
        else if (engine.IsPodman)
        {
            arguments.AddRange([
                "--ulimit",
                $"nofile={SandboxPrivileges.FileLimit}:{SandboxPrivileges.FileLimit}",
                "--ulimit",
                $"nproc={SandboxPrivileges.ProcessLimit}:{SandboxPrivileges.ProcessLimit}"]);
        }

        if (engine.IsPodman)
        {
            // Intermediate containers are not kept, nor their layers for a failed build.
            arguments.AddRange(["--layers", "--force-rm"]);
        }

        arguments.Add(contextDirectory);
        var logs = Path.Combine(contextDirectory, "logs");
        Directory.CreateDirectory(logs);
        var log = Path.Combine(logs, image.Name + ".log");
        var started = Stopwatch.GetTimestamp();
        var (code, tail) = await ToolRun.RunAsync(engine.Path, arguments, log, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"{engine.Name} build of {tag} failed (exit {code}); see {log}:\n{tail}");
        }

        return new BuiltImage(tag, await SizeAsync(tag, cancellationToken).ConfigureAwait(false), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The image's size in bytes as the engine reports it (its layers, uncompressed).</summary>
    public async Task<long> SizeAsync(string tag, CancellationToken cancellationToken)
    {
        var (code, output) = await ToolRun.RunAsync(engine.Path, ["image", "inspect", "--format", "{{.Size}}", tag], null, cancellationToken).ConfigureAwait(false);
        return code == 0 && long.TryParse(output.Trim().Split('\n')[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : -1;
    }
}
