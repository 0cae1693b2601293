using Arbiter.Autoscaling.Control;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Arbiter.Autoscaling.Actuators;

/// <summary>
/// Scales a pool's Deployment (<c>arbiter-worker-POOL</c> by default) through its scale
/// subresource, as the HPA does: reads <c>…/deployments/NAME/scale</c> for the replicas asked for,
/// the Deployment's status for those ready, and merge-patches <c>spec.replicas</c>. Draining is
/// Kubernetes' own: a worker pod gets SIGTERM and its grace period to finish (the manifests set it).
/// </summary>
public sealed partial class KubernetesActuator(IKubernetes client, string ns, string deploymentFormat, ILogger logger) : IActuator
{
    public string Name => "kubernetes";

    /// <summary>In-cluster when running in a pod (KUBERNETES_SERVICE_HOST set) and no kubeconfig is
    /// given, else the kubeconfig (default ~/.kube/config).</summary>
    public static KubernetesActuator Create(string? kubeconfig, string ns, string deploymentFormat, ILogger logger)
    {
        var config = kubeconfig is null && KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        return new KubernetesActuator(new Kubernetes(config), ns, deploymentFormat, logger);
    }

    public string DeploymentOf(WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return deploymentFormat.Replace("{pool}", pool.Name, StringComparison.Ordinal);
    }

    public async Task<ReplicaCounts> GetAsync(WorkerPool pool, CancellationToken cancellationToken)
    {
        var name = DeploymentOf(pool);
        try
        {
            var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var status = (await client.AppsV1.ReadNamespacedDeploymentStatusAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Status;
            var desired = scale.Spec?.Replicas ?? 0;
            var ready = Math.Min(desired, status?.ReadyReplicas ?? 0);
            var existing = status?.Replicas ?? scale.Status?.Replicas ?? 0;
            return new ReplicaCounts(desired, ready, Math.Max(0, Math.Min(desired, existing) - ready), Math.Max(0, existing - desired));
        }
        catch (HttpOperationException e)
        {
            throw new InvalidOperationException($"kubernetes: reading the scale of deployment {ns}/{name}: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}", e);
        }
    }

    public async Task ScaleAsync(WorkerPool pool, int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var name = DeploymentOf(pool);
        var body = "{\"spec\":{\"replicas\":" + replicas.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}";
        var patch = new V1Patch(body, V1Patch.PatchType.MergePatch);
        try
        {
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(
                patch,
                name,
                ns,
                fieldManager: "arbiter-autoscaler",
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new InvalidOperationException($"kubernetes: scaling deployment {ns}/{name} to {replicas}: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}", e);
        }

        LogScaled(logger, ns, name, replicas);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scaled deployment {Namespace}/{Deployment} to {Replicas}")]
    private static partial void LogScaled(ILogger logger, string @namespace, string deployment, int replicas);
}
