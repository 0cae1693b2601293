using System.Text.Json;
using Arbiter.Deploy.Pools;

namespace Arbiter.Deploy.Images;

/// <summary>
/// Writes the build contexts under one output folder, which is the context of every build:
/// <code>
/// images.json                 what was generated (version, images, pools and their languages)
/// apt/                        the build host's apt sources, filled by `arbiter images build`
/// publish/                    the output of dotnet publish, filled by `arbiter images build`
/// dotnet/                     the .NET runtime, from the build host's install, filled by `arbiter images build`
/// dotnet-sdk/PART/, dotnet-sdk/ref/   the SDK parts pools list under dotnetSdk: (and the reference assemblies), likewise
/// arbiter-api/Containerfile
/// arbiter-&lt;pool&gt;/Containerfile, arbiter-&lt;pool&gt;/languages/*.yaml   (one per pool)
/// arbiter-postgres/Containerfile, arbiter-postgres/arbiter-postgres-start
/// compose.yaml                API, one worker per pool and the database, for podman/docker compose
/// </code>
/// The images share publish/ and dotnet/ rather than each holding a copy of them. Folders of pools that no
/// longer exist are removed, so the folder always shows exactly the current plan.
/// </summary>
public static class ImageContextWriter
{
    public const string ManifestName = "images.json";

    public static IReadOnlyList<ImageContext> Write(string directory, IReadOnlyList<WorkerPool> pools, ImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, ContainerfileWriter.AptFolder));
        var contexts = new List<ImageContext>
        {
            WriteImage(directory, ImageNames.Api, ImageKind.Api, ContainerfileWriter.Api(pools, settings), []),
        };
        foreach (var pool in pools)
        {
            var context = WriteImage(directory, pool.ImageName, ImageKind.Worker, ContainerfileWriter.Worker(pool, settings), [.. pool.Languages.Select(l => l.Id)])
                with { DotnetSdk = pool.DotnetSdkParts };
            var languages = Path.Combine(directory, pool.ImageName, "languages");
            if (Directory.Exists(languages))
            {
                Directory.Delete(languages, recursive: true);
            }

            Directory.CreateDirectory(languages);
            foreach (var language in pool.Languages)
            {
                var source = language.SourcePath ?? throw new InvalidOperationException($"language '{language.Id}' was not read from a file");
                File.Copy(source, Path.Combine(languages, ContainerfileWriter.SpecFileName(language)));
            }

            contexts.Add(context);
        }

        contexts.Add(WriteImage(directory, ImageNames.Postgres, ImageKind.Database, PostgresImage.Containerfile(settings), []));
        var start = Path.Combine(directory, ImageNames.Postgres, PostgresImage.EntrypointName);
        File.WriteAllText(start, PostgresImage.Entrypoint(settings));
        File.SetUnixFileMode(
            start,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        RemoveStaleImages(directory, contexts);
        File.WriteAllText(Path.Combine(directory, "compose.yaml"), ComposeWriter.Write(pools, settings));
        File.WriteAllText(Path.Combine(directory, ManifestName), Manifest(contexts, settings));
        return contexts;
    }

    /// <summary>Reads back what <see cref="Write"/> generated in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing was generated there.</exception>
    public static (string Version, IReadOnlyList<ImageContext> Images) Read(string directory)
    {
        var path = Path.Combine(directory, ManifestName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist: run `arbiter images generate --out {directory}` first.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var images = root.GetProperty("images").EnumerateArray().Select(i => new ImageContext(
            i.GetProperty("name").GetString()!,
            Enum.Parse<ImageKind>(i.GetProperty("kind").GetString()!, ignoreCase: true),
            Path.Combine(directory, i.GetProperty("containerfile").GetString()!),
            [.. i.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!)])
        {
            DotnetSdk = i.TryGetProperty("dotnetSdk", out var parts) ? [.. parts.EnumerateArray().Select(p => p.GetString()!)] : [],
        }).ToList();
        return (root.GetProperty("version").GetString()!, images);
    }

    private static ImageContext WriteImage(string directory, string name, ImageKind kind, string containerfile, IReadOnlyList<string> languages)
    {
        var folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "Containerfile");
        File.WriteAllText(path, containerfile);
        return new ImageContext(name, kind, path, languages);
    }

    /// <summary>Removes arbiter-* folders this generator made earlier for images no longer planned.</summary>
    private static void RemoveStaleImages(string directory, IReadOnlyList<ImageContext> current)
    {
        foreach (var folder in Directory.EnumerateDirectories(directory, "arbiter-*"))
        {
            var name = Path.GetFileName(folder);
            var containerfile = Path.Combine(folder, "Containerfile");
            if (!current.Any(c => c.Name == name) && File.Exists(containerfile) &&
                File.ReadLines(containerfile).FirstOrDefault()?.StartsWith("# Generated by `arbiter images generate`", StringComparison.Ordinal) == true)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Manifest(IReadOnlyList<ImageContext> contexts, ImageSettings settings)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedBy", "arbiter images generate");
            json.WriteString("version", settings.Version);
            json.WriteString("baseImage", settings.BaseImage);
            json.WriteStartArray("images");
            foreach (var context in contexts)
            {
                json.WriteStartObject();
                json.WriteString("name", context.Name);
                json.WriteString("kind", context.Kind.ToString().ToLowerInvariant());
                json.WriteString("containerfile", context.Name + "/Containerfile");
                json.WriteStartArray("languages");
                foreach (var language in context.Languages)
                {
                    json.WriteStringValue(language);
                }

                json.WriteEndArray();
                if (context.DotnetSdk.Count > 0)
                {
                    json.WriteStartArray("dotnetSdk");
                    foreach (var part in context.DotnetSdk)
                    {
                        json.WriteStringValue(part);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
