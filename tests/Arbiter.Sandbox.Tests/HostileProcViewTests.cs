namespace Arbiter.Sandbox.Tests;

/// <summary>What /proc tells a program about the host: the paths it has no need for read as
/// empty, and its mount table and cgroup show neither the host's disk nor the engine.</summary>
[Collection(SharedSandbox.Name)]
public sealed class HostileProcViewTests(SandboxFixture fixture)
{
    private static readonly string[] EmptyOrAbsent = ["0\n", "absent\n"];

    private static readonly string[] ContainerFileSystems = ["tmpfs", "overlay", "proc"];

    [Theory]
    [InlineData("/proc/cmdline")]
    [InlineData("/proc/key-users")]
    [InlineData("/proc/keys")]
    [InlineData("/proc/kcore")]
    [InlineData("/proc/kallsyms")]
    [InlineData("/proc/config.gz")]
    [InlineData("/proc/sysrq-trigger")]
    [InlineData("/proc/timer_list")]
    [InlineData("/proc/sched_debug")]
    [InlineData("/proc/interrupts")]
    [InlineData("/proc/acpi")]
    public async Task Run_ReadingAProcPathItHasNoNeedFor_FindsItEmpty(string path)
    {
        // "absent" where this kernel has no such file; "0" when it reads (or lists) as empty.
        var result = await fixture.PythonAsync($$"""
            import os
            path = "{{path}}"
            try:
                print(len(os.listdir(path)) if os.path.isdir(path) else len(open(path, "rb").read()))
            except FileNotFoundError:
                print("absent")
            except OSError as e:
                print(type(e).__name__)
            """);

        Assert.Equal(RunStatus.OK, result.Status);
        Assert.Contains(SandboxFixture.Text(result.Stdout), EmptyOrAbsent);
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_MountTable_ShowsNeitherTheHostDiskNorHostPaths()
    {
        var hostRoot = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(" - ")).Single(p => p[0].Split(' ')[4] == "/")[1].Split(' ');

        var result = await fixture.ShellAsync("cat /proc/self/mountinfo");

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        // Every mount is the container's own: tmpfs, overlays of the read-only paths, its procfs.
        Assert.All(lines, line => Assert.Contains(line.Split(" - ")[1].Split(' ')[0], ContainerFileSystems));
        Assert.All(lines, line => Assert.DoesNotContain(hostRoot[1], line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain("/run/arbiter", line, StringComparison.Ordinal));
        await fixture.AssertHostCleanAsync();
    }

    [Fact]
    public async Task Run_OwnCgroup_IsTheRootOfItsNamespace()
    {
        var result = await fixture.ShellAsync("cat /proc/self/cgroup");

        Assert.Equal(RunStatus.OK, result.Status);
        var lines = SandboxFixture.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        // Not ".../arbiter/i<engine pid>-<n>/s<container>-<run>": nothing of the engine's.
        Assert.All(lines, line => Assert.EndsWith(":/", line, StringComparison.Ordinal));
        await fixture.AssertHostCleanAsync();
    }
}
