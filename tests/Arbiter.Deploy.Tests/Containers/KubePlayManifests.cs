using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// The rendered dev overlay, made playable by podman 4.3's <c>kube play</c>, changing only what
/// podman cannot take as Kubernetes would (docs/deploy.md, "kube play", lists each change and
/// why). What the pods are stays as rendered: their security contexts, capabilities, volumes,
/// resources, settings and Secret references.
/// <list type="bullet">
/// <item>podman plays Pods, Deployments, PersistentVolumeClaims and ConfigMaps: the StatefulSet
/// becomes a Deployment with a claim made the way its volumeClaimTemplates would; Services,
/// NetworkPolicies, the HPA, PDBs and the Namespace have no podman counterpart and are left out.</item>
/// <item>podman 4.3 stores a played Secret as YAML but reads secrets as JSON: the Secret becomes a
/// JSON file for <c>podman secret create</c> (<see cref="SecretJson"/>).</item>
/// <item>podman does not expand <c>$(VAR)</c> in env values as the kubelet does: the adapter
/// expands them from the variables before them.</item>
/// <item>probes become podman health checks that run curl inside the container from systemd
/// timers (no curl in the images, no systemd here, and 4.3 resolves a named port to 0): they are
/// dropped, and the test polls /readyz itself.</item>
/// <item>no cluster DNS: the database's Service name is a hostAliases entry with its pod's address
/// (<see cref="ArbiterYaml"/>).</item>
/// <item>podman 4.3 publishes every containerPort on the host's port of the same number: only the
/// API's is kept, published on a free loopback port.</item>
/// <item>images: the test's local builds; only the pools <c>pools</c> names are played (their
/// image holds both languages); every name gets the run's prefix, and the worker's
/// /run/arbiter hostPath is a private folder rather than this shared machine's.</item>
/// </list>
/// </summary>
internal sealed partial class KubePlayManifests
{
    /// <summary>The label every played pod and container carries, for the tear-down.</summary>
    public const string RunLabel = "arbiter.test/run";

    private const string DatabaseService = "arbiter-postgres";

    private readonly List<V1ConfigMap> _configMaps = [];
    private readonly List<V1Deployment> _arbiter = [];
    private readonly List<object> _database = [];

    private KubePlayManifests(string run) => Run = run;

    public string Run { get; }

    public string SecretName { get; private set; } = "";

    /// <summary>The Secret's data for <c>podman secret create</c>: keys to base64 values.</summary>
    public string SecretJson { get; private set; } = "";

    public string VolumeName { get; private set; } = "";

    /// <summary>The container that runs PostgreSQL (kube play names it pod-name-container).</summary>
    public string DatabaseContainer { get; private set; } = "";

    public IReadOnlyList<string> ArbiterContainers => _arbiter.Select(d => PodName(d) + "-" + d.Spec.Template.Spec.Containers[0].Name).ToList();

    /// <summary>The ConfigMap, the claim and the database's Deployment.</summary>
    public string DatabaseYaml => Join([.. _configMaps, .. _database]);

    public static KubePlayManifests Adapt(IEnumerable<object> rendered, string run, KubePlayImages images, IReadOnlyCollection<string> pools, int apiPort, string runtimeDirectory)
    {
        ArgumentNullException.ThrowIfNull(images);
        var documents = rendered.ToList();
        var manifests = new KubePlayManifests(run);
        var secret = documents.OfType<V1Secret>().Single();
        manifests.SecretName = $"{run}-{secret.Metadata.Name}";
        manifests.SecretJson = JsonSerializer.Serialize(secret.Data);
        foreach (var configMap in documents.OfType<V1ConfigMap>())
        {
            configMap.Metadata.NamespaceProperty = null;
            manifests._configMaps.Add(configMap);
        }

        var database = documents.OfType<V1StatefulSet>().Single();
        var deployment = manifests.FromStatefulSet(database);
        manifests.Prepare(deployment, images.Postgres, secret, null, 0, null);
        manifests.DatabaseContainer = PodName(deployment) + "-" + deployment.Spec.Template.Spec.Containers[0].Name;

        foreach (var candidate in documents.OfType<V1Deployment>())
        {
            var labels = candidate.Spec.Template.Metadata.Labels;
            if (labels["app.kubernetes.io/component"] == "api")
            {
                manifests.Prepare(candidate, images.Api, secret, manifests._configMaps, apiPort, null);
                manifests._arbiter.Add(candidate);
            }
            else if (labels.TryGetValue("arbiter.dev/pool", out var pool) && pools.Contains(pool))
            {
                manifests.Prepare(candidate, images.Worker, secret, manifests._configMaps, 0, runtimeDirectory);
                manifests._arbiter.Add(candidate);
            }
        }

        return manifests;
    }

    /// <summary>The ConfigMap, the API and the workers, the database's Service name pointing at
    /// <paramref name="databaseAddress"/>.</summary>
    public string ArbiterYaml(string databaseAddress)
    {
        foreach (var deployment in _arbiter)
        {
            deployment.Spec.Template.Spec.HostAliases = [new V1HostAlias { Ip = databaseAddress, Hostnames = [DatabaseService] }];
        }

        return Join([.. _configMaps, .. _arbiter]);
    }

    /// <summary>The pod kube play makes for a one-replica Deployment.</summary>
    public static string PodName(V1Deployment deployment) => $"{deployment.Metadata.Name}-pod-0";

    private V1Deployment FromStatefulSet(V1StatefulSet set)
    {
        var template = set.Spec.Template;
        foreach (var claim in set.Spec.VolumeClaimTemplates ?? [])
        {
            // Kubernetes names a set's claim template-set-ordinal.
            VolumeName = $"{Run}-{claim.Metadata.Name}-{set.Metadata.Name}-0";
            _database.Add(new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta { Name = VolumeName },
                Spec = claim.Spec,
            });
            template.Spec.Volumes ??= [];
            template.Spec.Volumes.Add(new V1Volume { Name = claim.Metadata.Name, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = VolumeName } });
        }

        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = set.Metadata.Name, Labels = set.Metadata.Labels },
            Spec = new V1DeploymentSpec { Replicas = 1, Selector = set.Spec.Selector, Template = template },
        };
        _database.Add(deployment);
        return deployment;
    }

    private void Prepare(V1Deployment deployment, string image, V1Secret secret, List<V1ConfigMap>? configMaps, int hostPort, string? runtimeDirectory)
    {
        deployment.Metadata.Name = $"{Run}-{deployment.Metadata.Name}";
        deployment.Metadata.NamespaceProperty = null;
        deployment.Spec.Replicas = 1;
        var pod = deployment.Spec.Template;
        pod.Metadata.Labels[RunLabel] = Run;
        foreach (var container in pod.Spec.Containers)
        {
            container.Image = image;
            container.LivenessProbe = null;
            container.ReadinessProbe = null;
            container.StartupProbe = null;
            ExpandEnvironment(container, secret, configMaps ?? []);

            // podman 4.3 publishes a containerPort without hostPort on the host's port of the same
            // number (the two workers would both take 8080): only the API's port is kept, on a
            // free loopback port.
            container.Ports = hostPort == 0 ? null : container.Ports?.Where(p => p.Name == "http").ToList();
            foreach (var port in container.Ports ?? [])
            {
                port.HostPort = hostPort;
                port.HostIP = "127.0.0.1";
            }
        }

        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            if (volume.HostPath is { Path: Arbiter.Deploy.Images.SandboxPrivileges.RuntimeDirectory } && runtimeDirectory is not null)
            {
                volume.HostPath.Path = runtimeDirectory;
            }
        }
    }

    /// <summary>Resolves $(NAME) in env values from the variables before them, as the kubelet does,
    /// and points Secret references at the run's podman secret.</summary>
    private void ExpandEnvironment(V1Container container, V1Secret secret, List<V1ConfigMap> configMaps)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            foreach (var (key, value) in configMaps.FirstOrDefault(c => c.Metadata.Name == source.ConfigMapRef?.Name)?.Data ?? new Dictionary<string, string>())
            {
                known[key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom?.SecretKeyRef is { } reference)
            {
                known[variable.Name] = Encoding.UTF8.GetString(secret.Data[reference.Key]);
                reference.Name = SecretName;
            }
            else if (variable.Value is not null)
            {
                variable.Value = Reference().Replace(variable.Value, m => known.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
                known[variable.Name] = variable.Value;
            }
        }
    }

    private static string Join(IEnumerable<object> documents) =>
        string.Join("---\n", documents.Select(d => KubernetesYaml.Serialize(d).TrimEnd() + "\n"));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
