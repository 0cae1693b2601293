using System.Text;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>
/// Writes the generated part of deploy/kubernetes: the kustomize <c>base/</c> (settings, the API,
/// network policies, one worker Deployment and PodDisruptionBudget per pool) and the
/// <c>components/keda/</c> component (a ScaledObject per pool), and <c>components/dev-database/</c>
/// (PostgreSQL in the cluster). The overlays are written by hand
/// and only refer to these. Files of pools that no longer exist are removed.
/// </summary>
public static class KubernetesWriter
{
    public const string WorkersFolder = "workers";

    /// <summary>Writes under <paramref name="directory"/> (deploy/kubernetes) and returns the files written, relative.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<WorkerPool> pools, ImageSettings settings, int drainSeconds = WorkerDrain.DefaultDrainSeconds)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(drainSeconds, 1);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["base/settings.yaml"] = ApiManifests.Settings(settings),
            ["base/api.yaml"] = ApiManifests.Write(settings),
            ["base/network-policies.yaml"] = NetworkPolicies.Write(settings),
            ["components/keda/trigger-authentication.yaml"] = KedaManifests.Authentication(settings),
            ["components/dev-database/postgres.yaml"] = DatabaseManifests.Write(settings),
        };
        foreach (var pool in pools)
        {
            files[$"base/{WorkersFolder}/{pool.Name}.yaml"] = WorkerManifests.Write(pool, settings, drainSeconds);
            files[$"components/keda/scaled-objects/{pool.Name}.yaml"] = KedaManifests.ScaledObject(pool, settings);
        }

        files["base/kustomization.yaml"] = Kustomization(settings, "Kustomization", "kustomize.config.k8s.io/v1beta1",
            ["settings.yaml", "api.yaml", "network-policies.yaml", .. pools.Select(p => $"{WorkersFolder}/{p.Name}.yaml")],
            "The base: overlays add the database Secret (and in dev the database itself).");
        files["components/keda/kustomization.yaml"] = Kustomization(settings, "Component", "kustomize.config.k8s.io/v1alpha1",
            ["trigger-authentication.yaml", .. pools.Select(p => $"scaled-objects/{p.Name}.yaml")],
            "KEDA scaling of every worker pool; include it in an overlay where KEDA is installed.");
        files["components/dev-database/kustomization.yaml"] = Kustomization(settings, "Component", "kustomize.config.k8s.io/v1alpha1",
            ["postgres.yaml"], "PostgreSQL inside the cluster, for the dev overlay.");

        foreach (var stale in Stale(directory, "base/" + WorkersFolder, files).Concat(Stale(directory, "components/keda/scaled-objects", files)))
        {
            File.Delete(Path.Combine(directory, stale));
        }

        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        return [.. files.Keys.Order(StringComparer.Ordinal)];
    }

    private static List<string> Stale(string directory, string folder, Dictionary<string, string> files)
    {
        var path = Path.Combine(directory, folder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.yaml").Select(f => folder + "/" + Path.GetFileName(f)).Where(f => !files.ContainsKey(f)).ToList()
            : [];
    }

    private static string Kustomization(ImageSettings settings, string kind, string apiVersion, IEnumerable<string> resources, string what)
    {
        var text = new StringBuilder();
        YamlText.Header(text, settings.Version, what);
        text.AppendLine($"apiVersion: {apiVersion}");
        text.AppendLine($"kind: {kind}");
        if (kind == "Kustomization")
        {
            text.AppendLine("labels:");
            text.AppendLine("  - pairs: {app.kubernetes.io/part-of: arbiter, app.kubernetes.io/version: " + YamlText.Quote(settings.Version) + "}");
            text.AppendLine("    includeSelectors: false");
        }

        text.AppendLine("resources:");
        foreach (var resource in resources)
        {
            text.AppendLine($"  - {resource}");
        }

        return text.ToString();
    }
}
