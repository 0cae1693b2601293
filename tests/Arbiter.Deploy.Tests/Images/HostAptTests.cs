using Arbiter.Deploy.Building;

namespace Arbiter.Deploy.Tests.Images;

public sealed class HostAptTests : IDisposable
{
    private readonly DirectoryInfo _etc = Directory.CreateTempSubdirectory("arbiter-etc-apt-");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("arbiter-apt-out-");

    public void Dispose()
    {
        _etc.Delete(recursive: true);
        _out.Delete(recursive: true);
    }

    [Fact]
    public void CopyInto_TakesDebianSourcesAndAcquireSettings_LeavesOtherVendorsAndUnrelatedSettings()
    {
        var parts = Directory.CreateDirectory(Path.Combine(_etc.FullName, "sources.list.d"));
        File.WriteAllText(Path.Combine(parts.FullName, "debian.sources"), "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main\n");
        File.WriteAllText(Path.Combine(parts.FullName, "vendor.sources"), "Types: deb\nURIs: https://vendor.example/apt\nSuites: stable\n");
        File.WriteAllText(Path.Combine(parts.FullName, "old.list.disabled"), "deb http://mirror.example/debian bookworm main\n");
        var conf = Directory.CreateDirectory(Path.Combine(_etc.FullName, "apt.conf.d"));
        File.WriteAllText(Path.Combine(conf.FullName, "99proxy"), "Acquire::http::Proxy \"http://proxy.example:3128\";\n");
        File.WriteAllText(Path.Combine(conf.FullName, "01autoremove"), "APT::NeverAutoRemove { \"^linux-image.*\"; };\n");
        var target = Path.Combine(_out.FullName, "apt");

        var copied = HostApt.CopyInto(target, _etc.FullName);

        Assert.Equal([Path.Combine(parts.FullName, "debian.sources")], copied);
        Assert.Equal(["debian.sources"], Directory.GetFiles(Path.Combine(target, "sources.list.d")).Select(Path.GetFileName));
        Assert.Equal(["99proxy"], Directory.GetFiles(Path.Combine(target, "apt.conf.d")).Select(Path.GetFileName));
        Assert.Equal("", File.ReadAllText(Path.Combine(target, "sources.list")));
    }

    [Fact]
    public void CopyInto_WithNoDebianSources_LeavesTheFolderEmpty_SoTheBaseImagesSourcesAreUsed()
    {
        var target = Path.Combine(_out.FullName, "apt");
        Directory.CreateDirectory(Path.Combine(target, "sources.list.d"));

        var copied = HostApt.CopyInto(target, _etc.FullName);

        Assert.Empty(copied);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }
}
