using Arbiter.Engine.Languages;

namespace Arbiter.Deploy.Tests;

/// <summary>A throwaway languages/ folder of made-up specs, so the generator is shown to read
/// whatever specs it is given, not the ones shipped today.</summary>
internal sealed class SpecFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("arbiter-specs-");

    public string Path => _directory.FullName;

    public SpecFolder Add(string id, string apt, string extension, int compileMemoryMiB = 1024, int extraMemoryMiB = 0, bool optional = false, string dotnetSdk = "")
    {
        File.WriteAllText(System.IO.Path.Combine(Path, id + ".yaml"), $$"""
            # A test language.
            id: {{id}}
            name: Lang {{id}}
            extensions: [{{extension}}]
            source: main{{extension}}
            apt: [{{apt}}]
            dotnetSdk: [{{dotnetSdk}}]
            optional: {{(optional ? "true" : "false")}}
            version: [/bin/sh, -c, "echo 1.0"]
            run: [/bin/cat, main{{extension}}]
            limits:
              compileMemoryMiB: {{compileMemoryMiB}}
              extraMemoryMiB: {{extraMemoryMiB}}
            selfTest:
              source: "42\n"
              stdin: ""
              expected: "42\n"
            """);
        return this;
    }

    public LanguageCatalog Catalog() => LanguageCatalog.Load(Path);

    public void Dispose() => _directory.Delete(recursive: true);
}
