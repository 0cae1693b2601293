using System.Diagnostics;
using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests;

/// <summary>
/// The launcher's cgroup v1 backstop (issue 11, item 5): after a run it kills whatever the run's
/// pids cgroup still lists. The pid namespace's kill(-1) gets there first in every run, so the
/// backstop is driven on its own (Native/kill_listed_driver.c, which includes the launcher's
/// cgroup.c) against a real pids cgroup holding more processes than one 4 KiB read of
/// cgroup.procs lists, all in a pid namespace of the driver's so nothing else can be named.
/// </summary>
public sealed class CgroupBackstopTests
{
    [Fact]
    public async Task KillListed_MoreProcessesThanOneReadOfCgroupProcsLists_KillsEveryOne()
    {
        var mounts = CgroupMounts.Parse(
            await File.ReadAllTextAsync("/proc/self/mountinfo", TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync("/proc/self/cgroup", TestContext.Current.CancellationToken));
        Assert.True(mounts.V1.TryGetValue("pids", out var own), "this machine's cgroups are v1 (docs/security.md): no pids hierarchy found");
        var directory = Path.Combine(own, "arbiter-backstop-test-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        try
        {
            // Pids 2..1101 of the driver's namespace, one a line: about 4.4 KiB, so the last
            // sixty or so lie past the first 4 KiB read (the backstop used to read only that).
            var driver = Process.Start(new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "kill-listed-driver"), [directory, "1100"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = driver.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = driver.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await driver.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(driver.ExitCode == 0, $"exit {driver.ExitCode}: {await output}{await errors}");
            Assert.Equal("killed 1100 of 1100\n", await output);
        }
        finally
        {
            // The driver's pid namespace died with it, so the cgroup is empty by now.
            Directory.Delete(directory);
        }
    }
}
