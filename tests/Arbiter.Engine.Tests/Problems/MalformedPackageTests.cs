using System.IO.Compression;
using System.Text;
using Arbiter.Engine.Problems;

namespace Arbiter.Engine.Tests.Problems;

public sealed class MalformedPackageTests
{
    private static ProblemPackageException LoadFails(TempPackage dir) =>
        Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(dir.Root).Dispose());

    [Theory]
    [InlineData("name: [unclosed\n", "problem.yaml")]
    [InlineData("- just\n- a list\n", "mapping")]
    [InlineData("validator_flags: float_tolerance\n", "float_tolerance")]
    [InlineData("validator_flags: ignore_case\n", "unknown validator flag 'ignore_case'")]
    [InlineData("validator_flags: float_tolerance 1e-6 float_absolute_tolerance 1e-3\n", "conflicts")]
    [InlineData("limits: {memory: 0}\n", "limits.memory")]
    [InlineData("limits: {memory: 99999999}\n", "limits.memory")]
    [InlineData("limits: {time_limit: 86400}\n", "limits.time_limit")]
    [InlineData("limits: {time_limit: fast}\n", "limits.time_limit")]
    [InlineData("type: [pass-fail, scoring]\n", "both")]
    [InlineData("type: submit-answer\n", "submit-answer")]
    [InlineData("validation: clever\n", "validation")]
    [InlineData("validation: custom\n", "output_validators")]
    [InlineData("problem_format_version: 1999\n", "problem_format_version")]
    [InlineData("arbiter: {colour: blue}\n", "unknown Arbiter key 'colour'")]
    [InlineData("arbiter: {templates: {c: ../../etc/passwd}}\n", "inside the package")]
    [InlineData("arbiter: {points: {secret/nothere: 5}}\n", "secret/nothere")]
    [InlineData("arbiter: {points: {sample: 5}}\n", "secret")]
    public void Load_BadProblemYaml_FailsNamingTheProblem(string yaml, string expected)
    {
        using var dir = TempPackage.Minimal(yaml);

        var error = LoadFails(dir);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputWithoutAnswer_FailsNamingTheFile()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/secret/2.in", "");

        Assert.Contains("data/secret/2.in", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnswerWithoutInput_Fails()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/sample/9.ans", "");

        Assert.Contains("data/sample/9.ans", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecretIsAFile_Fails()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "name: x\n").Write("data/secret", "oops");

        Assert.Contains("data/secret", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoSecretTests_Fails()
    {
        using var dir = new TempPackage();
        dir.Write("problem.yaml", "name: x\n").Test("sample/1", "", "");
        Directory.CreateDirectory(Path.Combine(dir.Root, "data/secret"));

        Assert.Contains("data/secret", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadTestdataYaml_FailsNamingTheFile()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/secret/testdata.yaml", "on_reject: sometimes\n");

        Assert.Contains("data/secret/testdata.yaml", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownGroupValidatorFlag_FailsNamingTheFile()
    {
        using var dir = TempPackage.Minimal();
        dir.Write("data/secret/testdata.yaml", "output_validator_flags: tolerant\n");

        Assert.Contains("data/secret/testdata.yaml: unknown validator flag 'tolerant'", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BothArbiterYamlAndKey_Fails()
    {
        using var dir = TempPackage.Minimal("arbiter: {valgrind: true}\n");
        dir.Write("arbiter.yaml", "valgrind: false\n");

        Assert.Contains("arbiter.yaml", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadTimelimitFile_Fails()
    {
        using var dir = TempPackage.Minimal();
        dir.Write(".timelimit", "forever\n");

        Assert.Contains(".timelimit", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SymlinkOutsidePackage_Fails()
    {
        using var dir = TempPackage.Minimal();
        File.CreateSymbolicLink(Path.Combine(dir.Root, "data/secret/2.in"), "/etc/passwd");
        dir.Write("data/secret/2.ans", "");

        Assert.Contains("outside the package", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SymlinkInsidePackage_IsAllowed()
    {
        using var dir = TempPackage.Minimal();
        File.CreateSymbolicLink(Path.Combine(dir.Root, "data/secret/2.in"), Path.Combine(dir.Root, "data/secret/1.in"));
        dir.Write("data/secret/2.ans", "1\n");

        using var package = ProblemLoader.Load(dir.Root);

        Assert.Equal(2, package.TestData.AllTests().Count());
    }

    [Fact]
    public void Load_MissingPath_Fails()
    {
        Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load("/nonexistent/arbiter/problem"));
    }

    [Fact]
    public void Load_HugeYaml_IsRefusedWithoutReadingIt()
    {
        using var dir = TempPackage.Minimal("name: " + new string('x', 2 << 20) + "\n");

        Assert.Contains("limited", LoadFails(dir).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil/problem.yaml")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("pkg/../../evil")]
    [InlineData("pkg\\..\\evil")]
    public void Load_ZipWithEscapingPath_IsRejected(string entryName)
    {
        using var dir = new TempPackage();
        var zip = Path.Combine(dir.Parent, "hostile.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "problem.yaml", "name: x\n");
            Write(archive, entryName, "pwned");
        }

        var error = Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(zip));

        Assert.Contains("hostile.zip", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Parent, "evil", "problem.yaml")));
    }

    [Fact]
    public void Load_ZipWithSymlinkEntry_IsRejected()
    {
        using var dir = new TempPackage();
        var zip = Path.Combine(dir.Parent, "link.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "problem.yaml", "name: x\n");
            var link = archive.CreateEntry("data/secret/1.in");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using (var stream = link.Open())
            {
                stream.Write("/etc/shadow"u8);
            }
        }

        Assert.Contains("link", Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(zip)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipBomb_StopsAtTheByteBudgetAndLeavesNoTempDir()
    {
        using var dir = new TempPackage();
        var zip = Path.Combine(dir.Parent, "bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "problem.yaml", "name: x\n");
            var entry = archive.CreateEntry("data/secret/1.in", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                stream.Write(zeros);
            }
        }

        var before = Directory.GetDirectories(Path.GetTempPath(), "arbiter-problem-*").Length;
        var error = Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(zip, new ProblemLoadOptions(MaxArchiveBytes: 8 << 20)));

        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
        Assert.True(new FileInfo(zip).Length < 1 << 20);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "arbiter-problem-*").Length);
    }

    [Fact]
    public void Load_ZipWithTooManyEntries_IsRejected()
    {
        using var dir = new TempPackage();
        var zip = Path.Combine(dir.Parent, "many.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var i = 0; i < 50; i++)
            {
                Write(archive, $"f{i}", "");
            }
        }

        var error = Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(zip, new ProblemLoadOptions(MaxArchiveEntries: 10)));

        Assert.Contains("50 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAZip_FailsClearly()
    {
        using var dir = new TempPackage();
        var path = Path.Combine(dir.Parent, "fake.zip");
        File.WriteAllText(path, "this is not a zip");

        Assert.Contains("fake.zip", Assert.Throws<ProblemPackageException>(() => ProblemLoader.Load(path)).Message, StringComparison.Ordinal);
    }

    private static void Write(ZipArchive archive, string name, string content)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
