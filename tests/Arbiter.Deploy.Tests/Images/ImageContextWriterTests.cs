using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;

namespace Arbiter.Deploy.Tests.Images;

public sealed class ImageContextWriterTests : IDisposable
{
    private static readonly ImageSettings Settings = new("9.8.7");

    private readonly SpecFolder _specs = new SpecFolder().Add("zeta", "zeta-compiler", ".zt").Add("eta", "eta-runtime", ".et")
        .Add("sharp", "", ".sh1", dotnetSdk: "Roslyn");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("arbiter-images-");

    public void Dispose()
    {
        _specs.Dispose();
        _out.Delete(recursive: true);
    }

    [Fact]
    public void Write_MakesAContextPerImage_WithThePoolsSpecsBesideItsContainerfile()
    {
        var images = ImageContextWriter.Write(_out.FullName, PoolPlanner.Plan(_specs.Catalog(), []), Settings);

        Assert.Equal(["arbiter-api", "arbiter-eta", "arbiter-sharp", "arbiter-zeta", "arbiter-postgres"], images.Select(i => i.Name));
        Assert.All(images, i => Assert.True(File.Exists(i.ContainerfilePath), i.ContainerfilePath));
        Assert.Equal(["zeta.yaml"], Directory.GetFiles(Path.Combine(_out.FullName, "arbiter-zeta", "languages")).Select(Path.GetFileName));
        Assert.Equal(File.ReadAllText(Path.Combine(_specs.Path, "zeta.yaml")), File.ReadAllText(Path.Combine(_out.FullName, "arbiter-zeta", "languages", "zeta.yaml")));
        Assert.True(Directory.Exists(Path.Combine(_out.FullName, "apt")));
        Assert.True(File.Exists(Path.Combine(_out.FullName, "compose.yaml")));
    }

    [Fact]
    public void Read_GivesBackWhatWasWritten()
    {
        var written = ImageContextWriter.Write(_out.FullName, PoolPlanner.Plan(_specs.Catalog(), ["greek=zeta,eta"]), Settings);

        var (version, images) = ImageContextWriter.Read(_out.FullName);

        Assert.Equal("9.8.7", version);
        Assert.Equal(
            written.Select(i => (i.Name, i.Kind, i.ContainerfilePath, string.Join(",", i.Languages), string.Join(",", i.DotnetSdk))),
            images.Select(i => (i.Name, i.Kind, i.ContainerfilePath, string.Join(",", i.Languages), string.Join(",", i.DotnetSdk))));
        Assert.Equal(["Roslyn"], images.Single(i => i.Name == "arbiter-sharp").DotnetSdk);
        Assert.Equal(["eta", "zeta"], images.Single(i => i.Name == "arbiter-greek").Languages);
    }

    [Fact]
    public void Write_AgainWithOtherPools_RemovesTheContextsOfPoolsThatAreGone_ButNothingItDidNotMake()
    {
        ImageContextWriter.Write(_out.FullName, PoolPlanner.Plan(_specs.Catalog(), []), Settings);
        var own = Directory.CreateDirectory(Path.Combine(_out.FullName, "arbiter-mine"));
        File.WriteAllText(Path.Combine(own.FullName, "Containerfile"), "FROM scratch\n");

        ImageContextWriter.Write(_out.FullName, PoolPlanner.Plan(_specs.Catalog(), ["greek=zeta,eta"]), Settings);

        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "arbiter-zeta")));
        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "arbiter-eta")));
        Assert.True(Directory.Exists(Path.Combine(_out.FullName, "arbiter-greek")));
        Assert.True(Directory.Exists(own.FullName), "a folder the generator did not make is left alone");
    }

    [Fact]
    public void Read_WhereNothingWasGenerated_SaysToGenerateFirst()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ImageContextWriter.Read(_out.FullName));

        Assert.Contains("arbiter images generate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_RunsTheDatabaseTheApiAndAWorkerPerPool_WorkersWithTheSandboxsPrivilegesOnly()
    {
        var pools = PoolPlanner.Plan(_specs.Catalog(), []);
        var text = ComposeWriter.Write(pools, Settings);

        Assert.Contains("  worker-eta:\n    image: arbiter-eta:9.8.7\n", text, StringComparison.Ordinal);
        Assert.Contains("  worker-zeta:\n    image: arbiter-zeta:9.8.7\n", text, StringComparison.Ordinal);
        Assert.Contains("  api:\n    image: arbiter-api:9.8.7\n", text, StringComparison.Ordinal);
        Assert.Contains($"    cap_add: [{string.Join(", ", SandboxPrivileges.Capabilities)}]\n", text, StringComparison.Ordinal);
        Assert.Equal(pools.Count, text.Split("cap_drop: [ALL]").Length - 1);
        Assert.DoesNotContain("privileged", text, StringComparison.Ordinal);
    }
}
