using System.CommandLine;
using System.Globalization;
using Arbiter.Deploy.Building;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Kubernetes;
using Arbiter.Deploy.Pools;
using Arbiter.Engine.Languages;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter images generate|build|self-test</c>: container images made from the language specs,
/// one worker image per pool plus the API image (docs/deploy.md).
/// </summary>
internal static class ImagesCommand
{
    public const string DefaultOut = "artifacts/images";

    public static Command Create() => new("images", "Generate and build container images from the language specs (docs/deploy.md).")
    {
        Generate(),
        Build(),
        ImagesSelfTest.Create(),
    };

    private static Command Generate()
    {
        var output = new Option<string>("--out") { Description = $"Where to write the build contexts (default {DefaultOut}).", DefaultValueFactory = _ => DefaultOut };
        var pools = new Option<string[]>("--pool")
        {
            Description = "Group languages into one worker image: NAME=LANG,LANG (repeatable). Other default languages get a pool each; " +
                "an optional language only when a --pool names it.",
            AllowMultipleArgumentsPerToken = false,
        };
        var languages = new Option<string?>("--languages") { Description = "The language specs (default: the languages/ this program ships, or ARBITER_LANGUAGES)." };
        var baseImage = new Option<string>("--base")
        {
            Description = $"Default of the BASE_IMAGE build argument (default {ImageSettings.DefaultBaseImage}).",
            DefaultValueFactory = _ => ImageSettings.DefaultBaseImage,
        };
        var kubernetes = new Option<string?>("--kubernetes")
        {
            Description = "Also write the generated Kubernetes manifests (base and KEDA component) under this folder, e.g. deploy/kubernetes.",
        };
        var drain = new Option<int>("--drain-seconds")
        {
            Description = $"With --kubernetes: how long a stopping worker may finish its jobs (default {WorkerDrain.DefaultDrainSeconds}).",
            DefaultValueFactory = _ => WorkerDrain.DefaultDrainSeconds,
        };
        var command = new Command("generate", "Write a Containerfile per image (arbiter-api, arbiter-<pool>, arbiter-postgres), compose.yaml and images.json.")
        {
            output, pools, languages, baseImage, kubernetes, drain,
        };
        command.SetAction(parse =>
        {
            try
            {
                var catalog = LanguageCatalog.Load(parse.GetValue(languages) ?? LanguageDirectory());
                var plan = PoolPlanner.Plan(catalog, parse.GetValue(pools) ?? []);
                var settings = new ImageSettings(ImageNames.Version, parse.GetValue(baseImage)!);
                var directory = Path.GetFullPath(parse.GetValue(output)!);
                var images = ImageContextWriter.Write(directory, plan, settings);
                Console.WriteLine($"Generated {images.Count} build contexts in {directory} (Arbiter {settings.Version}):");
                foreach (var image in images)
                {
                    Console.WriteLine($"  {image.Name,-22} {Describe(image)}");
                }

                if (parse.GetValue(kubernetes) is { } manifests)
                {
                    var drainSeconds = parse.GetValue(drain);
                    if (drainSeconds is < 1 or > 86_400)
                    {
                        Console.Error.WriteLine("arbiter images generate: --drain-seconds must be between 1 and 86400.");
                        return ExitCodes.Usage;
                    }

                    var files = KubernetesWriter.Write(Path.GetFullPath(manifests), plan, settings, drainSeconds);
                    Console.WriteLine($"Wrote {files.Count} Kubernetes files under {Path.GetFullPath(manifests)}.");
                }

                Console.WriteLine("Next: arbiter images build");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is LanguageSpecException or PoolPlanException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"arbiter images generate: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static Command Build()
    {
        var output = new Option<string>("--out") { Description = $"The generated build contexts (default {DefaultOut}).", DefaultValueFactory = _ => DefaultOut };
        var engineName = new Option<string?>("--engine") { Description = "podman or docker (default: whichever is installed, podman first)." };
        engineName.AcceptOnlyFromAmong([.. ContainerEngine.Known]);
        var only = new Option<string[]>("--only") { Description = "Build only these images (api, postgres, or a pool name); repeatable. Default: all." };
        var baseImage = new Option<string?>("--base") { Description = "BASE_IMAGE for this build, e.g. localhost/debian:bookworm-slim (deploy/debian-base.sh makes it)." };
        var publish = new Option<string?>("--publish") { Description = "Use this dotnet publish output instead of publishing from the checkout." };
        var noSelfTest = new Option<bool>("--no-self-test") { Description = "Skip the worker images' self-test build step (the workers run them at start anyway)." };
        var noHostApt = new Option<bool>("--no-host-apt") { Description = "Use the base image's apt sources rather than this host's." };
        var command = new Command("build", "Build the generated images with podman or docker, tag them <name>:<version> and print their sizes.")
        {
            output, engineName, only, baseImage, publish, noSelfTest, noHostApt,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            try
            {
                var engine = ContainerEngine.Find(parse.GetValue(engineName));
                if (engine is null)
                {
                    await Console.Error.WriteLineAsync($"arbiter images build: {(parse.GetValue(engineName) ?? "neither podman nor docker")} is not installed.");
                    return ExitCodes.Unavailable;
                }

                var (version, images) = ImageContextWriter.Read(directory);
                var wanted = parse.GetValue(only) ?? [];
                var unknown = wanted.Where(w => !images.Any(i => Matches(i, w))).ToList();
                if (unknown.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"arbiter images build: " +
                        $"no generated image {string.Join(", ", unknown)} (there are {string.Join(", ", images.Select(i => i.Name))}).");
                    return ExitCodes.Usage;
                }

                var selected = wanted.Length == 0 ? images : [.. images.Where(i => wanted.Any(w => Matches(i, w)))];
                await PrepareContextAsync(directory, parse.GetValue(publish), !parse.GetValue(noHostApt), selected, cancellationToken);
                var builder = new ImageBuilder(engine, directory, version) { BaseImage = parse.GetValue(baseImage), SelfTest = !parse.GetValue(noSelfTest) };
                if (!builder.RunsSelfTests && builder.SelfTest && selected.Any(i => i.Kind == ImageKind.Worker))
                {
                    Console.WriteLine($"note: {engine.Name} builds cannot be given the sandbox's privileges; the self-tests run when each worker starts.");
                }

                foreach (var image in selected)
                {
                    Console.WriteLine($"building {image.Name}:{version} with {engine.Name} …");
                    var built = await builder.BuildAsync(image, cancellationToken);
                    Console.WriteLine($"  {built.Tag,-32} {Megabytes(built.SizeBytes),10}  ({built.Took.TotalSeconds:0} s)");
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"arbiter images build: {e.Message}");
                return ExitCodes.Rejected;
            }
        });
        return command;
    }

    /// <summary>publish/, dotnet/ and the SDK parts the selected pools need (unless only the database image is built) and apt/.</summary>
    private static async Task PrepareContextAsync(string directory, string? publishFrom, bool hostApt, IReadOnlyList<ImageContext> selected, CancellationToken cancellationToken)
    {
        var aptFolder = Path.Combine(directory, ContainerfileWriter.AptFolder);
        if (hostApt)
        {
            var copied = HostApt.CopyInto(aptFolder);
            Console.WriteLine(copied.Count > 0
                ? $"apt: the builds use this host's sources ({string.Join(", ", copied)})"
                : "apt: this host has no Debian sources to pass on; the base image's are used");
        }
        else
        {
            HostApt.CopyInto(aptFolder, etcApt: Path.Combine(directory, "no-host-apt"));
        }

        if (selected.All(i => i.Kind == ImageKind.Database))
        {
            Directory.CreateDirectory(Path.Combine(directory, ContainerfileWriter.PublishFolder));
            return;
        }

        DotnetRuntime.CopyInto(Path.Combine(directory, ContainerfileWriter.RuntimeFolder));
        var sdkParts = selected.SelectMany(i => i.DotnetSdk).Distinct(StringComparer.Ordinal).ToList();
        if (sdkParts.Count > 0)
        {
            DotnetSdk.CopyInto(Path.Combine(directory, ContainerfileWriter.SdkFolder), sdkParts);
            Console.WriteLine($"dotnet-sdk: {string.Join(", ", sdkParts)} and the reference assemblies from this host's .NET SDK");
        }

        var publish = Path.Combine(directory, ContainerfileWriter.PublishFolder);
        if (publishFrom is not null)
        {
            ProgramPublisher.CopyFrom(Path.GetFullPath(publishFrom), publish);
            return;
        }

        var checkout = ProgramPublisher.FindCheckout(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("not inside an Arbiter checkout, so there is nothing to publish: run from the checkout or pass --publish DIR.");
        Console.WriteLine($"publishing arbiter (dotnet publish -c Release, framework-dependent; the runtime comes from this host's .NET) into {publish} …");
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        await ProgramPublisher.PublishAsync(checkout, publish, Path.Combine(directory, "logs", "publish.log"), cancellationToken);
    }

    private static bool Matches(ImageContext image, string wanted) =>
        image.Name == wanted || image.Name == ImageNames.Worker(wanted);

    private static string Describe(ImageContext image) => image.Kind switch
    {
        ImageKind.Worker => "worker: " + string.Join(", ", image.Languages),
        ImageKind.Api => "API and web UI",
        _ => "development PostgreSQL",
    };

    private static string Megabytes(long bytes) =>
        bytes < 0 ? "size ?" : (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>The specs this program uses: ARBITER_LANGUAGES, else those it ships.</summary>
    public static string LanguageDirectory() =>
        Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;
}
