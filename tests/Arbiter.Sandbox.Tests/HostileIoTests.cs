using System.Security.Cryptography;

namespace Arbiter.Sandbox.Tests;

/// <summary>Awkward standard streams and files: huge stdin, closed stdout, bytes that are not
/// UTF-8, and links planted where the engine collects files.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileIoTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Run_StdinLargerThanAPipeBuffer_IsReadWhole()
    {
        var input = RandomNumberGenerator.GetBytes(10 << 20);

        var result = await fixture.RunAsync("/usr/bin/sha256sum", [], stdin: SandboxInput.FromBytes(input));

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)) + "  -\n", SandboxFixture.Text(result.Stdout));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_StdinFromAHostFile_IsPassedWithoutCopying()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "line one\nline two\n", TestContext.Current.CancellationToken);

            var result = await fixture.RunAsync("/usr/bin/wc", ["-l"], stdin: SandboxInput.FromFile(path));

            Assert.Equal("2\n", SandboxFixture.Text(result.Stdout));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_ProgramClosesStdoutEarly_FinishesNormally()
    {
        var result = await fixture.ShellAsync("exec 1>&-; sleep 0.1; echo still here >&2");

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Empty(result.Stdout);
        Assert.Equal("still here\n", SandboxFixture.Text(result.Stderr));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_OutputThatIsNotUtf8_IsKeptByteForByte()
    {
        var result = await fixture.ShellAsync(@"printf '\377\376\000ok'");

        Assert.Equal(new byte[] { 0xff, 0xfe, 0x00, (byte)'o', (byte)'k' }, result.Stdout);
    }

    [Fact]
    public async Task Collect_SymlinkPlantedByTheProgram_IsNeverFollowed()
    {
        var request = new SandboxRequest("/bin/sh", ["-c", "ln -s /etc/shadow secret.txt; mkdir d; ln -s /etc d/link; mkfifo pipe; echo real > real.txt"])
        {
            CollectFiles = ["secret.txt", "d/link/passwd", "pipe", "real.txt", "missing.txt"],
        };

        var result = await fixture.Pool.RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Equal(["real.txt"], result.Files.Keys);
        Assert.Equal("real\n", SandboxFixture.Text(result.Files["real.txt"]));
        Assert.Contains("'secret.txt' is a symbolic link", result.Message, StringComparison.Ordinal);
        Assert.Contains("'d/link/passwd' passes through a symbolic link", result.Message, StringComparison.Ordinal);
        Assert.Contains("'pipe' is not a regular file", result.Message, StringComparison.Ordinal);
        Assert.Contains("'missing.txt' was not created", result.Message, StringComparison.Ordinal);
        await fixture.AssertHostCleanAsync();
    }
}
