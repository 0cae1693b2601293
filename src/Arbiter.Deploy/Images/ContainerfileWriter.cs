using System.Text;
using Arbiter.Deploy.Pools;

namespace Arbiter.Deploy.Images;

/// <summary>
/// The text of the generated Containerfiles. Every image starts from the <c>BASE_IMAGE</c> build
/// argument, installs its Debian packages in one layer (through the build host's apt sources when
/// the build passes them in <c>apt/</c>, see <see cref="ImageContextWriter"/>), and copies the program
/// that <c>dotnet publish</c> made on the build host: no SDK is downloaded inside an image. A worker
/// image also gets its pool's language specs and proves them with their self-tests as a build step.
/// </summary>
public static class ContainerfileWriter
{
    /// <summary>The folder of the build context holding the host's apt sources (possibly empty).</summary>
    public const string AptFolder = "apt";

    /// <summary>The folder of the build context holding the output of <c>dotnet publish</c>.</summary>
    public const string PublishFolder = "publish";

    /// <summary>The folder of the build context holding the .NET runtime (<see cref="Building.DotnetRuntime"/>).</summary>
    public const string RuntimeFolder = "dotnet";

    /// <summary>The folder of the build context holding the parts of the .NET SDK that pools need (<see cref="Building.DotnetSdk"/>).</summary>
    public const string SdkFolder = "dotnet-sdk";

    /// <summary>Where a worker image keeps its pool's specs (ARBITER_LANGUAGES points there).</summary>
    public const string PoolLanguagesDirectory = ImageSettings.ProgramDirectory + "/pool-languages";

    public static string Worker(WorkerPool pool, ImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(settings);
        var sources = string.Join(", ", pool.Languages.Select(l => "languages/" + SpecFileName(l)));
        var text = new StringBuilder();
        Header(text, settings, $"worker image {pool.ImageName}: pool '{pool.Name}' ({pool.LanguageList})", sources);
        From(text, settings);
        text.AppendLine("# The toolchains the specs list under apt:, and what the sandbox's launcher links.");
        AptInstall(text, [.. ImageSettings.WorkerRuntimePackages, .. pool.AptPackages]);
        Runtime(text);
        Sdk(text, pool.DotnetSdkParts);
        text.AppendLine($"COPY {pool.ImageName}/languages/ {PoolLanguagesDirectory}/");
        text.AppendLine("# No dynamic PGO: a worker scaled up would spend its first minute compiling its hot methods");
        text.AppendLine("# twice on the cores its pool's jobs share (docs/benchmarks.md, \"A new worker's first jobs\").");
        text.AppendLine("ENV ARBITER__SERVER__ROLE=worker \\");
        text.AppendLine($"    ARBITER__SERVER__WORKERLANGUAGES={pool.LanguageList} \\");
        text.AppendLine($"    ARBITER_LANGUAGES={PoolLanguagesDirectory} \\");
        text.AppendLine("    DOTNET_TieredPGO=0 \\");
        CommonEnvironment(text);
        text.AppendLine($"RUN mkdir -p {ImageSettings.DataDirectory}");
        TheProgram(text);
        text.AppendLine("# A broken toolchain fails the build here, not a student's submission. The self-tests run in");
        text.AppendLine("# the real sandbox, so the build needs the sandbox's privileges (arbiter images build passes");
        text.AppendLine("# them to podman); SELF_TEST=0 skips the step and leaves the check to the worker's start.");
        text.AppendLine("ARG SELF_TEST=1");
        text.AppendLine($"RUN if [ \"$SELF_TEST\" = 1 ]; then {ImageSettings.ProgramDirectory}/arbiter images self-test && rm -rf /run/arbiter; \\");
        text.AppendLine("    else echo \"self-tests skipped (SELF_TEST=$SELF_TEST): the worker runs them when it starts\"; fi");
        Labels(text, settings, pool.ImageName, $"Arbiter worker for {string.Join(", ", pool.Languages.Select(l => l.Name))}",
            ("io.arbiter.pool", pool.Name), ("io.arbiter.languages", pool.LanguageList));
        text.AppendLine("# Root inside the container: the sandbox creates namespaces, mounts and cgroups and runs each");
        text.AppendLine("# program as its own unprivileged uid (docs/deploy.md lists the capabilities it needs).");
        Tail(text);
        return text.ToString();
    }

    public static string Api(IReadOnlyList<WorkerPool> pools, ImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder();
        Header(text, settings, $"API image {ImageNames.Api}: the REST API and web UI, no toolchains", "the published program (every language spec)");
        From(text, settings);
        AptInstall(text, ImageSettings.ApiRuntimePackages);
        Runtime(text);
        text.AppendLine("ENV ARBITER__SERVER__ROLE=api \\");
        CommonEnvironment(text);
        text.AppendLine($"RUN mkdir -p {ImageSettings.DataDirectory} && chown {ImageSettings.ApiUid}:{ImageSettings.ApiUid} {ImageSettings.DataDirectory}");
        TheProgram(text);
        Labels(text, settings, ImageNames.Api, "Arbiter API: REST API and web UI; judging happens in the worker images");
        text.AppendLine("# The API runs no sandbox and needs no privilege.");
        text.AppendLine($"USER {ImageSettings.ApiUid}:{ImageSettings.ApiUid}");
        Tail(text);
        return text.ToString();
    }

    /// <summary>The spec's file name as it sits in languages/.</summary>
    public static string SpecFileName(Arbiter.Engine.Languages.LanguageSpec language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return language.SourcePath is { } path ? Path.GetFileName(path) : language.Id + ".yaml";
    }

    internal static void Header(StringBuilder text, ImageSettings settings, string what, string sources)
    {
        text.AppendLine($"# Generated by `arbiter images generate` (Arbiter {settings.Version}) from {sources}.");
        text.AppendLine("# Do not edit: change the language specs (or the generator) and generate again.");
        text.AppendLine($"# The {what}.");
        text.AppendLine("# Build context: the folder above this one (it holds publish/, dotnet/ and apt/).");
    }

    internal static void From(StringBuilder text, ImageSettings settings)
    {
        text.AppendLine($"ARG BASE_IMAGE={settings.BaseImage}");
        text.AppendLine("FROM ${BASE_IMAGE}");
    }

    /// <summary>The version build argument and the labels. They come after every layer with
    /// content: a build argument is part of the cache key of each step after it, so declared at
    /// the top a new version would reinstall every package.</summary>
    internal static void Labels(StringBuilder text, ImageSettings settings, string image, string description, params (string Key, string Value)[] extra)
    {
        text.AppendLine($"ARG VERSION={settings.Version}");
        text.Append($"LABEL org.opencontainers.image.title=\"{image}\" \\\n" +
            "      org.opencontainers.image.version=\"$VERSION\" \\\n" +
            $"      org.opencontainers.image.description=\"{description}\"");
        foreach (var (key, value) in extra)
        {
            text.Append($" \\\n      {key}=\"{value}\"");
        }

        text.AppendLine();
    }

    /// <summary>One layer: update, install, clean. The build host's apt sources, when the build put
    /// them in apt/, are read in place through a bind mount, so they reach no layer of the image.</summary>
    internal static void AptInstall(StringBuilder text, IReadOnlyList<string> packages)
    {
        text.AppendLine($"RUN --mount=type=bind,source={AptFolder},target=/run/host-apt \\");
        text.AppendLine("    set -eu; opts=\"\"; \\");
        text.AppendLine("    if [ -e /run/host-apt/sources.list.d ]; then opts=\"-o Dir::Etc::SourceList=/run/host-apt/sources.list -o " +
            "Dir::Etc::SourceParts=/run/host-apt/sources.list.d -o Dir::Etc::Parts=/run/host-apt/apt.conf.d\"; fi; \\");
        // Slim bases leave out /usr/share/man, and OpenJDK's postinst fails without man1 (it links
        // its manual pages through update-alternatives): the JDK would not install at all.
        text.AppendLine("    mkdir -p /usr/share/man/man1; \\");
        text.AppendLine("    apt-get $opts update -qq; \\");
        text.AppendLine("    DEBIAN_FRONTEND=noninteractive apt-get $opts install -y -qq --no-install-recommends \\");
        foreach (var package in packages.Distinct(StringComparer.Ordinal))
        {
            text.AppendLine($"        {package} \\");
        }

        text.AppendLine("        >/dev/null; \\");
        text.AppendLine("    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb");
    }

    /// <summary>The .NET runtime, in a layer of its own right above the packages: it changes only
    /// with the build host's .NET.</summary>
    private static void Runtime(StringBuilder text) =>
        text.AppendLine($"COPY {RuntimeFolder}/ {Building.DotnetRuntime.ImageDirectory}/");

    /// <summary>The parts of the .NET SDK the pool's compilers are (Debian packages no SDK), copied
    /// from the build host with the reference assemblies they compile against, each part a layer
    /// of its own after the runtime's; and <c>/usr/bin/dotnet</c>, where the specs call it.</summary>
    private static void Sdk(StringBuilder text, IReadOnlyList<string> parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        text.AppendLine("# The .NET SDK's compilers the specs list under dotnetSdk:, from the build host (no Debian package).");
        text.AppendLine($"COPY {SdkFolder}/{Building.DotnetSdk.ReferenceFolder}/ {Building.DotnetRuntime.ImageDirectory}/");
        foreach (var part in parts)
        {
            text.AppendLine($"COPY {SdkFolder}/{part}/ {Building.DotnetRuntime.ImageDirectory}/");
        }

        text.AppendLine($"RUN ln -sf {Building.DotnetRuntime.ImageDirectory}/dotnet /usr/bin/dotnet");
    }

    /// <summary>The published program, after everything that does not change with it: a new
    /// build of Arbiter rebuilds this layer and what follows it (a worker's self-test step), and
    /// finds the packages, the runtime, the specs and the settings in the cache.</summary>
    private static void TheProgram(StringBuilder text)
    {
        text.AppendLine("# The program last: a new build of Arbiter rebuilds only what follows this line.");
        text.AppendLine($"COPY {PublishFolder}/ {ImageSettings.ProgramDirectory}/");
    }

    private static void CommonEnvironment(StringBuilder text)
    {
        text.AppendLine($"    ARBITER__SERVER__DATADIRECTORY={ImageSettings.DataDirectory} \\");
        text.AppendLine($"    DOTNET_ROOT={Building.DotnetRuntime.ImageDirectory} \\");
        text.AppendLine("    DOTNET_gcServer=0");
    }

    private static void Tail(StringBuilder text)
    {
        text.AppendLine($"EXPOSE {ImageSettings.Port}");
        text.AppendLine("STOPSIGNAL SIGTERM");
        text.AppendLine($"ENTRYPOINT [\"{ImageSettings.ProgramDirectory}/arbiter\"]");
        text.AppendLine($"CMD [\"serve\", \"--urls\", \"http://0.0.0.0:{ImageSettings.Port}\"]");
    }
}
