using Arbiter.Autoscaling.Actuators;
using Arbiter.Autoscaling.Control;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arbiter.Autoscaling.Tests.Actuators;

public sealed class KubernetesActuatorTests
{
    private static readonly WorkerPool Pool = new("py", ["python3"]);

    private static KubernetesActuator Actuator(FakeKubernetesApi api, string format = "arbiter-worker-{pool}") =>
        new(new Kubernetes(new KubernetesClientConfiguration { Host = api.Address.ToString() }), api.Namespace, format, NullLogger.Instance);

    [Fact]
    public async Task Get_ReadsTheScaleAndTheReadyReplicas()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Replicas = 4;
        api.ExistingReplicas = 4;
        api.ReadyReplicas = 3;
        await using var actuator = Actuator(api);

        var counts = await actuator.GetAsync(Pool, TestContext.Current.CancellationToken);

        Assert.Equal(new ReplicaCounts(4, 3, 1, 0), counts);
        Assert.Contains(api.Requests, r => r is ("GET", "/apis/apps/v1/namespaces/arbiter/deployments/arbiter-worker-py/scale", _, _));
    }

    [Fact]
    public async Task Scale_MergePatchesSpecReplicasOfTheScaleSubresource()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var actuator = Actuator(api);

        await actuator.ScaleAsync(Pool, 7, TestContext.Current.CancellationToken);

        Assert.Equal(7, api.Replicas);
        var patch = Assert.Single(api.Requests, r => r.Method == "PATCH");
        Assert.Equal("/apis/apps/v1/namespaces/arbiter/deployments/arbiter-worker-py/scale", patch.Path);
        Assert.StartsWith("application/merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        Assert.Equal("""{"spec":{"replicas":7}}""", patch.Body);
    }

    [Fact]
    public async Task ScaleDown_PodsStillTerminating_CountAsDraining()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Replicas = 5;
        api.ExistingReplicas = 5;
        api.ReadyReplicas = 5;
        await using var actuator = Actuator(api);

        await actuator.ScaleAsync(Pool, 2, TestContext.Current.CancellationToken);
        var counts = await actuator.GetAsync(Pool, TestContext.Current.CancellationToken);

        Assert.Equal(new ReplicaCounts(2, 2, 0, 3), counts);
    }

    [Fact]
    public async Task UnknownDeployment_IsAClearError()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var actuator = Actuator(api, "missing-{pool}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actuator.ScaleAsync(Pool, 2, TestContext.Current.CancellationToken));

        Assert.Contains("arbiter/missing-py", error.Message, StringComparison.Ordinal);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }
}
