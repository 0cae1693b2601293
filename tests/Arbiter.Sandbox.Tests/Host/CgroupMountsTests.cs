using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests.Host;

public sealed class CgroupMountsTests
{
    // This VM: v1 controllers each in their own hierarchy, an unused cgroup2 mount at
    // /sys/fs/cgroup/unified, and the engine already in a non-root memory cgroup.
    private const string V1HostMountInfo = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw

        """;

    private const string V1HostSelfCgroup = """
        9:name=systemd:/
        8:pids:/
        7:blkio:/
        6:freezer:/
        5:devices:/
        4:memory:/process_api/6d15a87ffc7997f7e4587a48f3a91a45
        3:cpuset:/
        2:cpuacct:/
        1:cpu:/
        0::/

        """;

    [Fact]
    public void Parse_V1Host_FindsOwnCgroupUnderEachController()
    {
        var mounts = CgroupMounts.Parse(V1HostMountInfo, V1HostSelfCgroup);

        Assert.Equal("/sys/fs/cgroup/memory/process_api/6d15a87ffc7997f7e4587a48f3a91a45", mounts.V1["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids", mounts.V1["pids"]);
        Assert.Equal("/sys/fs/cgroup/cpuacct", mounts.V1["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/cpu", mounts.V1["cpu"]);
        Assert.Equal("/sys/fs/cgroup/systemd", mounts.V1["name=systemd"]);
        Assert.DoesNotContain("rw", mounts.V1.Keys);
    }

    [Fact]
    public void Parse_V1HostWithUnifiedMount_AlsoFindsTheV2Directory()
    {
        var mounts = CgroupMounts.Parse(V1HostMountInfo, V1HostSelfCgroup);

        Assert.Equal("/sys/fs/cgroup/unified", mounts.V2);
    }

    [Fact]
    public void Parse_ThisHost_FindsDirectoriesThatExist()
    {
        var mounts = CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));

        // Whatever the host, each directory found must exist: it is where runs will be nested.
        Assert.True(mounts.V1.Count > 0 || mounts.V2 is not null, "no cgroup hierarchy found on this host");
        foreach (var directory in mounts.V1.Values.Append(mounts.V2).OfType<string>())
        {
            Assert.True(Directory.Exists(directory), $"{directory} does not exist");
        }
    }

    [Fact]
    public void Parse_CombinedCpuAndCpuacctHierarchy_MapsBothControllersToOneDirectory()
    {
        const string mountInfo = """
            30 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
            34 30 0:30 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,net_cls,net_prio
            35 30 0:31 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
            36 30 0:32 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,pids
            """;
        const string selfCgroup = """
            5:pids:/user.slice/user-1000.slice
            4:memory:/user.slice
            3:net_cls,net_prio:/
            2:cpu,cpuacct:/user.slice
            """;

        var mounts = CgroupMounts.Parse(mountInfo, selfCgroup);

        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct/user.slice", mounts.V1["cpu"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct/user.slice", mounts.V1["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/net_cls,net_prio", mounts.V1["net_prio"]);
        Assert.Equal("/sys/fs/cgroup/memory/user.slice", mounts.V1["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids/user.slice/user-1000.slice", mounts.V1["pids"]);
        Assert.Null(mounts.V2);
    }

    [Fact]
    public void Parse_PureV2Host_FindsOwnUnitAndNoV1Controllers()
    {
        const string mountInfo = """
            24 29 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            29 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
            32 24 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;

        var mounts = CgroupMounts.Parse(mountInfo, "0::/system.slice/x.service\n");

        Assert.Equal("/sys/fs/cgroup/system.slice/x.service", mounts.V2);
        Assert.Empty(mounts.V1);
    }

    [Fact]
    public void Parse_V2InRootCgroup_IsTheMountPointItself()
    {
        const string mountInfo = "32 24 0:27 / /sys/fs/cgroup rw,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";

        var mounts = CgroupMounts.Parse(mountInfo, "0::/\n");

        Assert.Equal("/sys/fs/cgroup", mounts.V2);
    }

    [Fact]
    public void Parse_ContainerV1MountRootedAtOwnCgroup_StripsTheMountRoot()
    {
        // Docker without a cgroup namespace: the mount shows the hierarchy from /docker/abc,
        // while /proc/self/cgroup still gives the full path.
        const string mountInfo = """
            700 690 0:32 /docker/abc /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime master:16 - cgroup cgroup rw,memory
            701 690 0:36 /docker/abc /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime master:17 - cgroup cgroup rw,pids
            """;
        const string selfCgroup = """
            8:pids:/docker/abc
            4:memory:/docker/abc/sub
            """;

        var mounts = CgroupMounts.Parse(mountInfo, selfCgroup);

        Assert.Equal("/sys/fs/cgroup/memory/sub", mounts.V1["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids", mounts.V1["pids"]);
    }

    [Fact]
    public void Parse_ContainerV2MountRootedAtOwnCgroup_StripsTheMountRoot()
    {
        const string mountInfo = "900 880 0:27 /docker/abc /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate\n";

        var mounts = CgroupMounts.Parse(mountInfo, "0::/docker/abc/sub\n");

        Assert.Equal("/sys/fs/cgroup/sub", mounts.V2);
    }

    [Fact]
    public void Parse_MountRootThatIsOnlyANamePrefix_DoesNotShowTheCgroup()
    {
        // "/docker/abcdef" is not inside "/docker/abc" even though it starts with it: this mount
        // does not show the engine's cgroup at all, so the controller counts as not mounted.
        const string mountInfo = "700 690 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

        var mounts = CgroupMounts.Parse(mountInfo, "4:memory:/docker/abcdef\n");

        Assert.False(mounts.V1.ContainsKey("memory"));
    }

    [Fact]
    public void Parse_EscapedSpacesInMountPointAndRoot_AreUnescaped()
    {
        const string mountInfo = """
            50 31 0:40 / /mnt/my\040cgroups/memory rw,relatime - cgroup cgroup rw,memory
            51 31 0:41 /job\040one /mnt/my\040cgroups/pids rw,relatime - cgroup cgroup rw,pids
            """;
        const string selfCgroup = """
            8:pids:/job one/task
            4:memory:/a b
            """;

        var mounts = CgroupMounts.Parse(mountInfo, selfCgroup);

        Assert.Equal("/mnt/my cgroups/memory/a b", mounts.V1["memory"]);
        Assert.Equal("/mnt/my cgroups/pids/task", mounts.V1["pids"]);
    }

    [Fact]
    public void Parse_HierarchyMountedTwice_KeepsTheFirstMount()
    {
        const string mountInfo = """
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            90 27 0:32 / /var/lib/other/memory rw,relatime - cgroup cgroup rw,memory
            """;

        var mounts = CgroupMounts.Parse(mountInfo, "4:memory:/engine\n");

        Assert.Equal("/sys/fs/cgroup/memory/engine", mounts.V1["memory"]);
    }

    [Fact]
    public void Parse_ControllerMountedButNotInOwnCgroups_IsLeftOut()
    {
        const string mountInfo = """
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            """;

        var mounts = CgroupMounts.Parse(mountInfo, "4:memory:/\n");

        Assert.Equal("memory", Assert.Single(mounts.V1).Key);
    }

    [Fact]
    public void Parse_NoCgroupMounts_FindsNothing()
    {
        const string mountInfo = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n22 27 0:21 / /proc rw - proc proc rw\n";

        var mounts = CgroupMounts.Parse(mountInfo, "4:memory:/a\n0::/\n");

        Assert.Empty(mounts.V1);
        Assert.Null(mounts.V2);
    }
}
