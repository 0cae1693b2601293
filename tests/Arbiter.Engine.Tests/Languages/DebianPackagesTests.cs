using Arbiter.Engine.Languages;

namespace Arbiter.Engine.Tests.Languages;

public sealed class DebianPackagesTests
{
    [Fact]
    public void Parse_StatusFile_CountsOnlyInstalledPackages()
    {
        const string status = """
            Package: ghc
            Status: install ok installed
            Version: 9.0.2-4

            Package: smlnj
            Status: deinstall ok config-files
            Description: removed, its configuration kept
             Package: not-a-field

            Package: ocaml-nox
            Status: install ok half-configured

            Package: gawk
            Architecture: amd64
            Status: install ok installed
            """;

        var installed = DebianPackages.Parse(new StringReader(status));

        Assert.Equal(["gawk", "ghc"], installed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_NoStatusFile_IsUnknownSoNothingIsMissing()
    {
        var packages = new DebianPackages(Path.Combine(Path.GetTempPath(), "arbiter-no-such-dpkg-status"));

        Assert.Null(packages.Installed());
        Assert.Empty(packages.Missing(["ghc"]));
    }

    [Fact]
    public void Missing_StatusFileChanged_IsReadAgain()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "Package: ghc\nStatus: install ok installed\n");
            var packages = new DebianPackages(path);
            Assert.Equal(["ocaml-nox"], packages.Missing(["ghc", "ocaml-nox"]));

            File.WriteAllText(path, "Package: ghc\nStatus: install ok installed\n\nPackage: ocaml-nox\nStatus: install ok installed\n");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

            Assert.Empty(packages.Missing(["ghc", "ocaml-nox"]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
