using System.Diagnostics;
using Arbiter.Sandbox.Host;

namespace Arbiter.Sandbox.Tests.Host;

public sealed class UidAllocatorTests : IDisposable
{
    private const int UidBase = 1_900_000;

    private readonly TemporaryDirectory _locks = new();

    public void Dispose() => _locks.Dispose();

    [Fact]
    public void Acquire_TwoLeases_GetDifferentUidsInRange()
    {
        var allocator = new UidAllocator(_locks.Path, UidBase);

        using var first = allocator.Acquire();
        using var second = allocator.Acquire();

        Assert.NotEqual(first.Uid, second.Uid);
        Assert.InRange(first.Uid, UidBase, UidBase + 4095);
        Assert.InRange(second.Uid, UidBase, UidBase + 4095);
    }

    [Fact]
    public void Acquire_AfterDispose_ReusesTheFreedUid()
    {
        var allocator = new UidAllocator(_locks.Path, UidBase);
        var first = allocator.Acquire();
        using var second = allocator.Acquire();
        var freed = first.Uid;

        first.Dispose();
        using var third = allocator.Acquire();

        Assert.Equal(freed, third.Uid);
        Assert.NotEqual(second.Uid, third.Uid);
    }

    [Fact]
    public void Acquire_TwoAllocatorsOnOneDirectory_NeverShareAUid()
    {
        // Two engines on one host (the service and a CLI run) share the lock directory.
        using var first = new UidAllocator(_locks.Path, UidBase).Acquire();
        using var second = new UidAllocator(_locks.Path, UidBase).Acquire();

        Assert.NotEqual(first.Uid, second.Uid);
    }

    [Fact]
    public async Task Acquire_UidLockedByAnotherProcess_IsSkipped()
    {
        var lockFile = _locks.Combine($"{UidBase}.lock");
        var info = new ProcessStartInfo("flock") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { lockFile, "-c", "echo locked; exec sleep 60" })
        {
            info.ArgumentList.Add(argument);
        }

        using var holder = Process.Start(info)!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));

            using var lease = new UidAllocator(_locks.Path, UidBase).Acquire();

            Assert.Equal(UidBase + 1, lease.Uid);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Acquire_MissingDirectory_IsCreated()
    {
        var directory = _locks.Combine("nested/uids");

        using var lease = new UidAllocator(directory, UidBase).Acquire();

        Assert.Equal(UidBase, lease.Uid);
        Assert.True(File.Exists(Path.Combine(directory, $"{UidBase}.lock")));
    }
}
