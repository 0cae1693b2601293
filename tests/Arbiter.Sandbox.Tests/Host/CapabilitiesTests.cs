using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests.Host;

public sealed class CapabilitiesTests
{
    [Fact]
    public void Missing_WithEveryCapability_IsEmpty()
    {
        Assert.Empty(Capabilities.Missing("Name:\tx\nCapEff:\t000001fffeffffff\n"));
    }

    [Fact]
    public void Missing_NamesEachRequiredCapabilityThatIsNotEffective()
    {
        // Docker's and podman's default set: chown, dac_override, fowner, fsetid, kill, setgid,
        // setuid, setpcap, net_bind_service, sys_chroot, setfcap.
        var missing = Capabilities.Missing("CapPrm:\t00000000800405fb\nCapEff:\t00000000800405fb\n");

        Assert.Equal(["CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_MKNOD"], missing);
    }

    [Fact]
    public void Missing_WithoutACapEffLine_IsEverything()
    {
        Assert.Equal(Capabilities.Required.Count, Capabilities.Missing("Name:\tx\n").Count);
    }

    [Fact]
    public void FindMissing_OnThisRootHost_IsEmpty()
    {
        Assert.Empty(SandboxHostCheck.FindMissing(new SandboxOptions()));
    }
}
