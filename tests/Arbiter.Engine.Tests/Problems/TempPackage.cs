using System.IO.Compression;

namespace Arbiter.Engine.Tests.Problems;

/// <summary>A problem package written file by file into a temp directory, deleted on dispose.</summary>
internal sealed class TempPackage : IDisposable
{
    public TempPackage(string name = "testprob")
    {
        Parent = Directory.CreateTempSubdirectory("arbiter-pkg-test-").FullName;
        Root = Path.Combine(Parent, name);
        Directory.CreateDirectory(Root);
    }

    public string Parent { get; }

    public string Root { get; }

    /// <summary>A minimal valid package: one secret test.</summary>
    public static TempPackage Minimal(string problemYaml = "name: Test\n")
    {
        var package = new TempPackage();
        package.Write("problem.yaml", problemYaml);
        package.Test("secret/1", "1\n", "1\n");
        return package;
    }

    public TempPackage Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Writes a file with its execute bits set (mode 0755), as a build or run script needs.</summary>
    public TempPackage WriteExecutable(string path, string content)
    {
        Write(path, content);
        File.SetUnixFileMode(Path.Combine(Root, path), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return this;
    }

    public TempPackage Test(string path, string input, string answer) =>
        Write($"data/{path}.in", input).Write($"data/{path}.ans", answer);

    /// <summary>Zips the package directory (as a top-level folder) and returns the zip path.</summary>
    public string Zip()
    {
        var zip = Path.Combine(Parent, Path.GetFileName(Root) + ".zip");
        ZipFile.CreateFromDirectory(Root, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        return zip;
    }

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}
