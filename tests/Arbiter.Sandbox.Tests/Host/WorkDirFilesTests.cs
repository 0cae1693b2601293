using System.Diagnostics;
using System.Text;
using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests.Host;

public sealed class WorkDirFilesTests : IDisposable
{
    private const int Owner = 1_499_999;

    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TemporaryDirectory _work = new();
    private readonly Lazy<Microsoft.Win32.SafeHandles.SafeFileHandle> _root;

    public WorkDirFilesTests() => _root = new(() => Arbiter.Sandbox.Launcher.UnixInterop.OpenDirectory(_work.Path));

    public void Dispose()
    {
        if (_root.IsValueCreated)
        {
            _root.Value.Dispose();
        }

        _work.Dispose();
    }

    /// <summary>The work dir as the engine holds it: a descriptor, as the launcher sends it.</summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle Root => _root.Value;

    [Theory]
    [InlineData("a.txt")]
    [InlineData("dir/b.c")]
    [InlineData("deep/er/still/c.txt")]
    [InlineData(".profile")]
    [InlineData("..x")]
    [InlineData("a b.txt")]
    [InlineData("naïve/日本.txt")]
    public void Problem_OrdinaryRelativeName_IsAccepted(string name) => Assert.Null(WorkDirFiles.Problem(name));

    [Fact]
    public void Problem_SegmentOf255Characters_IsAccepted() => Assert.Null(WorkDirFiles.Problem(new string('a', 255)));

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a\0b")]
    [InlineData("a.txt\0/../../etc/passwd")]
    public void Problem_UnsafeName_IsRejected(string name)
    {
        var problem = WorkDirFiles.Problem(name);

        Assert.NotNull(problem);
        Assert.DoesNotContain('\0', problem);
    }

    [Fact]
    public void Problem_SegmentOf256Characters_IsRejected()
    {
        var problem = WorkDirFiles.Problem("dir/" + new string('a', 256));

        Assert.NotNull(problem);
        Assert.Contains("over-long", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NameOver4096Characters_IsRejected()
    {
        var name = string.Join('/', Enumerable.Repeat("abc", 1100));

        Assert.Equal("file names must have 1 to 4096 characters", WorkDirFiles.Problem(name));
    }

    [Fact]
    public void Problem_NameWithNul_ShowsTheNulEscaped()
    {
        Assert.Equal("file name 'a\\0b' must be relative to the work dir", WorkDirFiles.Problem("a\0b"));
    }

    [Fact]
    public void CopyIn_WritesContentAndCreatesSubdirectories()
    {
        WorkDirFiles.CopyIn(Root, [new SandboxFile("a.txt", "hello"u8.ToArray()), new SandboxFile("src/lib/b.c", "int x;"u8.ToArray())], Owner);

        Assert.Equal("hello", File.ReadAllText(_work.Combine("a.txt")));
        Assert.Equal("int x;", File.ReadAllText(_work.Combine("src/lib/b.c")));
        // Owned by the run's uid, directories included, so the program may change them.
        Assert.All(["a.txt", "src", "src/lib", "src/lib/b.c"], name => Assert.Equal(Owner, OwnerOf(_work.Combine(name))));
    }

    private static int OwnerOf(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(output, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void CopyIn_Executable_Gets0755AndOthersGet0644()
    {
        WorkDirFiles.CopyIn(Root, [new SandboxFile("run.sh", "#!/bin/sh\n"u8.ToArray(), Executable: true), new SandboxFile("data.txt", "1 2\n"u8.ToArray())], Owner);

        Assert.Equal(Mode0755, File.GetUnixFileMode(_work.Combine("run.sh")));
        Assert.Equal(Mode0644, File.GetUnixFileMode(_work.Combine("data.txt")));
    }

    [Fact]
    public void CopyIn_ExistingFile_IsReplacedWhole()
    {
        File.WriteAllText(_work.Combine("a.txt"), "a much longer old content");

        WorkDirFiles.CopyIn(Root, [new SandboxFile("a.txt", "new"u8.ToArray())], Owner);

        Assert.Equal("new", File.ReadAllText(_work.Combine("a.txt")));
    }

    [Fact]
    public void CopyIn_OverALinkToAHostFile_RefusesAndNeverWritesThroughIt()
    {
        using var host = new TemporaryDirectory();
        File.WriteAllText(host.Combine("victim"), "host data");
        File.CreateSymbolicLink(_work.Combine("a.txt"), host.Combine("victim"));

        Assert.Throws<IOException>(() => WorkDirFiles.CopyIn(Root, [new SandboxFile("a.txt", "planted"u8.ToArray())], Owner));

        Assert.Equal("host data", File.ReadAllText(host.Combine("victim")));
    }

    [Fact]
    public void CopyIn_ThroughALinkToAHostDirectory_RefusesAndCreatesNothingThere()
    {
        using var host = new TemporaryDirectory();
        Directory.CreateSymbolicLink(_work.Combine("src"), host.Path);

        Assert.Throws<IOException>(() => WorkDirFiles.CopyIn(Root, [new SandboxFile("src/main.c", "int x;"u8.ToArray())], Owner));
        Assert.Throws<IOException>(() => WorkDirFiles.CreateDirectories(Root, "src/feedback", Owner));

        Assert.Empty(Directory.GetFileSystemEntries(host.Path));
    }

    [Fact]
    public async Task CopyIn_OverAFifo_RefusesWithoutBlocking()
    {
        using (var mkfifo = Process.Start("mkfifo", [_work.Combine("input.txt")]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var copy = Task.Run(() => WorkDirFiles.CopyIn(Root, [new SandboxFile("input.txt", "1 2\n"u8.ToArray())], Owner), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<IOException>(() => copy.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void CopyOut_RegularFileInSubdirectory_IsRead()
    {
        Directory.CreateDirectory(_work.Combine("out"));
        File.WriteAllBytes(_work.Combine("out/result.bin"), [0, 1, 2, 255]);
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["out/result.bin"], 1024, problems);

        Assert.Empty(problems);
        Assert.Equal([0, 1, 2, 255], files["out/result.bin"]);
    }

    [Fact]
    public void CopyOut_SymlinkToHostFile_IsReportedNotRead()
    {
        File.CreateSymbolicLink(_work.Combine("output.txt"), "/etc/hostname");
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["output.txt"], 1024, problems);

        Assert.Empty(files);
        Assert.Equal("'output.txt' is a symbolic link, which is never followed out of the sandbox", Assert.Single(problems));
    }

    [Fact]
    public void CopyOut_FileBehindSymlinkedDirectory_IsReportedNotRead()
    {
        Directory.CreateSymbolicLink(_work.Combine("etc"), "/etc");
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["etc/hostname"], 1024, problems);

        Assert.Empty(files);
        Assert.Contains("symbolic link", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyOut_Fifo_IsReportedWithoutBlocking()
    {
        using (var mkfifo = Process.Start("mkfifo", [_work.Combine("pipe")]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var problems = new List<string>();

        // Opening a FIFO for reading blocks until a writer comes: a wrong CopyOut would hang here.
        var files = await Task.Run(() => WorkDirFiles.CopyOut(Root, ["pipe"], 1024, problems), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Empty(files);
        Assert.Equal("'pipe' is not a regular file", Assert.Single(problems));
    }

    [Fact]
    public void CopyOut_Directory_IsReported()
    {
        Directory.CreateDirectory(_work.Combine("out"));
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["out"], 1024, problems);

        Assert.Empty(files);
        Assert.Equal("'out' is not a regular file", Assert.Single(problems));
    }

    [Fact]
    public void CopyOut_MissingFile_IsReported()
    {
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["answer.txt", "no/such/dir.txt"], 1024, problems);

        Assert.Empty(files);
        Assert.Equal(["'answer.txt' was not created", "'no/such/dir.txt' was not created"], problems);
    }

    [Fact]
    public void CopyOut_PathThroughRegularFile_IsReportedNotReadAsTheParent()
    {
        File.WriteAllText(_work.Combine("a.txt"), "not a directory");
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["a.txt/x"], 1024, problems);

        Assert.Empty(files);
        Assert.StartsWith("'a.txt/x' ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void CopyOut_FileOverTheLimit_IsReportedNotRead()
    {
        File.WriteAllBytes(_work.Combine("big.txt"), new byte[11]);
        File.WriteAllBytes(_work.Combine("fits.txt"), new byte[10]);
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["big.txt", "fits.txt"], 10, problems);

        Assert.Equal(["fits.txt"], files.Keys);
        Assert.Equal("'big.txt' has 11 bytes, over the 10-byte limit", Assert.Single(problems));
    }

    [Fact]
    public void CopyOut_AfterCopyIn_RoundTripsNonAsciiNamesAndBytes()
    {
        var content = Encoding.UTF8.GetBytes("résumé ✓\n");
        WorkDirFiles.CopyIn(Root, [new SandboxFile("naïve/日本.txt", content)], Owner);
        var problems = new List<string>();

        var files = WorkDirFiles.CopyOut(Root, ["naïve/日本.txt"], 1024, problems);

        Assert.Empty(problems);
        Assert.Equal(content, files["naïve/日本.txt"]);
    }
}
