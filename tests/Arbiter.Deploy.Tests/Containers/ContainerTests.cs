using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// Arbiter from its generated images, for real: C and Python judged through the containerised
/// API by a containerised worker, the sandbox's hostile tests passing inside that worker with
/// only the privileges docs/deploy.md lists, and a worker without them refusing to start.
/// Skipped, saying why, where podman or debootstrap is missing.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ContainerTests(ContainerDeployment deployment) : IClassFixture<ContainerDeployment>
{
    [Theory]
    [InlineData("c", "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a * b); return 0; }\n")]
    [InlineData("python3", "import numpy as np\na, b = map(int, input().split())\nprint(int(np.prod([a, b])))\n")]
    public async Task Submission_IsJudgedByTheContainerisedWorker(string language, string source)
    {
        Assert.SkipWhen(Podman.SkipReason is not null, Podman.SkipReason ?? "");

        using var response = await deployment.Http.PostAsJsonAsync(
            "/api/v1/submissions?wait=true",
            new { language, source, stdin = "6 7\n" },
            TestContext.Current.CancellationToken);
        var submission = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.True(submission.GetProperty("status").GetString() == "Judged", $"{submission}\n{await deployment.LogsAsync()}");
        var run = submission.GetProperty("result").GetProperty("run");
        Assert.Equal("42\n", run.GetProperty("stdout").GetString());
        Assert.Equal("OK", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SandboxHostileTests_PassInsideTheContainerisedWorker()
    {
        Assert.SkipWhen(Podman.SkipReason is not null, Podman.SkipReason ?? "");
        Assert.True(
            File.Exists(Path.Combine(ContainerDeployment.SandboxTests, "Arbiter.Sandbox.Tests.dll")),
            "build the solution first: the sandbox's tests run from their build output");

        var (code, output) = await Podman.RunAsync(
            ["exec", deployment.WorkerContainer, "/usr/share/dotnet/dotnet", "/sandbox-tests/Arbiter.Sandbox.Tests.dll",
             "-class", "Arbiter.Sandbox.Tests.HostileResourceTests", "-class", "Arbiter.Sandbox.Tests.HostileIoTests",
             "-class", "Arbiter.Sandbox.Tests.HostileIsolationTests", "-class", "Arbiter.Sandbox.Tests.HostileNeighbourTests"],
            check: false, log: Path.Combine(ContainerImages.Directory, "hostile-tests.log"));

        Assert.True(code == 0, $"the hostile tests failed inside the worker container (exit {code}):\n{output}");
        Assert.Matches(@"Total: [1-9]\d*, Errors: 0, Failed: 0", output);
    }

    [Fact]
    public async Task Worker_WithoutTheSandboxsPrivileges_SaysWhatIsMissing_AndExits()
    {
        Assert.SkipWhen(Podman.SkipReason is not null, Podman.SkipReason ?? "");

        // No capabilities at all: podman's default set depends on its configuration.
        var (code, output) = await Podman.RunAsync(["run", "--rm", "--cap-drop", "ALL", .. Podman.Limits, ContainerImages.Worker], check: false);

        Assert.Equal(3, code);
        Assert.Contains(
            "the sandbox cannot run here; missing: capabilities CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETUID, CAP_SETGID, CAP_CHOWN, CAP_FOWNER, CAP_DAC_OVERRIDE, CAP_KILL, " +
                "CAP_MKNOD; a writable cgroup tree",
            output,
            StringComparison.Ordinal);
    }
}
