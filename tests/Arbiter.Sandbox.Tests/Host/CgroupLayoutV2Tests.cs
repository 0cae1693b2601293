using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests.Host;

/// <summary>
/// The cgroup v2 set-up, which this cgroup v1 machine never runs for real, against a directory
/// tree shaped like a v2 hierarchy: a mountinfo naming it as the cgroup2 mount, and the engine in
/// a non-root cgroup of it. A plain directory is not cgroupfs: the kernel would fill each new
/// cgroup with interface files and drop them on rmdir, so the tests stand in for that where the
/// code depends on it.
/// </summary>
public sealed class CgroupLayoutV2Tests : IDisposable
{
    private const string SelfCgroup = "0::/system.slice/arbiter.service\n";
    private readonly TemporaryDirectory _root = new();
    private readonly string _own;

    public CgroupLayoutV2Tests()
    {
        _own = _root.Combine("system.slice/arbiter.service");
        Directory.CreateDirectory(_own);
        File.WriteAllText(Path.Combine(_own, "cgroup.controllers"), "cpuset cpu io memory pids\n");
    }

    private string MountInfo => $"41 31 0:38 / {_root.Path} rw,relatime - cgroup2 cgroup2 rw\n";

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Create_OnV2_MakesTheInstanceUnderArbiterAndEnablesMemoryAndPidsAllTheWayDown()
    {
        var layout = CgroupLayout.Create(MountInfo, SelfCgroup);

        Assert.Equal(2, layout.Version);
        var (controller, instance) = Assert.Single(layout.Directories);
        Assert.Equal("unified", controller);
        var arbiter = Path.Combine(_own, "arbiter");
        Assert.Equal(arbiter, Path.GetDirectoryName(instance));
        Assert.Matches($"^i{Environment.ProcessId}-[0-9]+$", Path.GetFileName(instance));
        // Each level hands the controllers down: the engine's cgroup, arbiter/, and the instance
        // whose children are the runs. CPU time needs no controller (cpu.stat is always there).
        foreach (var directory in new[] { _own, arbiter, instance })
        {
            Assert.Equal("+memory +pids", File.ReadAllText(Path.Combine(directory, "cgroup.subtree_control")));
        }

        Assert.Equal(["--cgroup-v2", instance], layout.LauncherArguments);
    }

    [Fact]
    public void Create_OnV2_RemovesInstancesOfDeadEnginesButNotOfLiveOnes()
    {
        var arbiter = Path.Combine(_own, "arbiter");
        var dead = Path.Combine(arbiter, $"i{int.MaxValue}-1");
        var live = Path.Combine(arbiter, $"i{Environment.ProcessId}-999999");
        Directory.CreateDirectory(Path.Combine(dead, "s1-1"));
        Directory.CreateDirectory(live);

        CgroupLayout.Create(MountInfo, SelfCgroup);

        Assert.False(Directory.Exists(dead), "a dead engine's instance stayed");
        Assert.True(Directory.Exists(live), "a live engine's instance was removed");
    }

    [Fact]
    public void Remove_OnV2_RemovesTheInstanceAndItsRunCgroupsOnly()
    {
        var layout = CgroupLayout.Create(MountInfo, SelfCgroup);
        var instance = layout.Directories[0].Path;
        Directory.CreateDirectory(Path.Combine(instance, "s1-7")); // a run cgroup the launcher left
        // Stand in for cgroupfs, whose rmdir takes a cgroup's interface files with it.
        File.Delete(Path.Combine(instance, "cgroup.subtree_control"));

        layout.Remove();

        Assert.False(Directory.Exists(instance), "the instance stayed");
        Assert.True(Directory.Exists(Path.Combine(_own, "arbiter")), "arbiter/ is shared with other engines and must stay");
        Assert.True(File.Exists(Path.Combine(_own, "cgroup.controllers")), "the engine's own cgroup was touched");
    }

    [Fact]
    public void Create_OnV2WithoutTheMemoryController_IsUnavailableAndMakesNothing()
    {
        File.WriteAllText(Path.Combine(_own, "cgroup.controllers"), "cpu io pids\n");

        var error = Assert.Throws<SandboxUnavailableException>(() => CgroupLayout.Create(MountInfo, SelfCgroup));

        Assert.Contains("cgroup v2 with memory and pids", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_own, "arbiter")));
    }
}
