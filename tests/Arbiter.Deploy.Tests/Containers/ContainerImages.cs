using System.Diagnostics;
using Arbiter.Deploy.Building;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;
using Arbiter.Engine.Languages;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// The images the container tests run, built once per test run and tagged <see cref="Tag"/> so
/// they never replace images an operator built: the API, one worker pool with C and Python, and
/// the database. The local Debian base is made once per machine (deploy/debian-base.sh keeps
/// it); podman's layer cache keeps the apt layers between runs, so a run re-publishes the program
/// and rebuilds only what follows it. How long each step took is kept for the CI cost. The
/// container test and the kube play test share one build (<see cref="BuildOnceAsync"/>).
/// </summary>
public static class ContainerImages
{
    public const string Tag = "ci";

    public const string Pool = "cpy";

    public const string Base = "localhost/debian:bookworm-slim";

    /// <summary>A fixed folder, so podman's cache sees the same context paths on every run.</summary>
    public static readonly string Directory = "/var/tmp/arbiter-container-tests/images";

    private static readonly Lazy<Task> Build = new(BuildAsync);

    private static readonly List<string> Timings = [];

    public static string Worker => $"{ImageNames.Worker(Pool)}:{Tag}";

    public static string Api => $"{ImageNames.Api}:{Tag}";

    public static string Postgres => $"{ImageNames.Postgres}:{Tag}";

    /// <summary>Builds the images the first time it is called in a test run; later calls wait
    /// for that build (and see its failure, if it failed).</summary>
    public static Task BuildOnceAsync() => Build.Value;

    private static async Task BuildAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var cancellationToken = TestContext.Current.CancellationToken;
        await TimeAsync("base image (deploy/debian-base.sh; nothing to do when it exists)", async () =>
        {
            var (code, output) = await ToolRun.RunAsync(Path.Combine(Checkout.Root, "deploy", "debian-base.sh"), ["--tag", Base], null, cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"deploy/debian-base.sh failed:\n{output}");
            }
        });

        var pools = PoolPlanner.Plan(LanguageCatalog.Load(Checkout.Languages), [$"{Pool}=c,python3"]).Where(p => p.Name == Pool).ToList();
        var images = ImageContextWriter.Write(Directory, pools, new ImageSettings(Tag));
        HostApt.CopyInto(Path.Combine(Directory, ContainerfileWriter.AptFolder));
        // The tests run from the Release build (dotnet test --no-build), so it is there to publish.
        await TimeAsync(
            "dotnet publish --no-build",
            () => ProgramPublisher.PublishAsync(
                Checkout.Root,
                Path.Combine(Directory, ContainerfileWriter.PublishFolder),
                Path.Combine(Directory, "publish.log"),
                cancellationToken,
                noBuild: true));
        await TimeAsync("runtime copied from this host's .NET", () =>
        {
            DotnetRuntime.CopyInto(Path.Combine(Directory, ContainerfileWriter.RuntimeFolder));
            return Task.CompletedTask;
        });
        var builder = new ImageBuilder(ContainerEngine.Find("podman")!, Directory, Tag) { BaseImage = Base };
        foreach (var image in images)
        {
            await TimeAsync($"build {image.Name}", async () =>
            {
                var built = await builder.BuildAsync(image, cancellationToken);
                Timings.Add($"{built.Tag}: {built.SizeBytes / 1_000_000.0:0.0} MB");
            });
        }
    }

    private static async Task TimeAsync(string what, Func<Task> step)
    {
        var started = Stopwatch.GetTimestamp();
        await step();
        Timings.Add($"{what}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        // The CI cost of these tests, step by step, for docs/deploy.md.
        await File.WriteAllLinesAsync(Path.Combine(Directory, "timings.txt"), Timings);
    }
}
