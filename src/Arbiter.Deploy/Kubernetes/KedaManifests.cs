using System.Text;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>
/// Queue-driven scaling with KEDA, the reactive baseline: a ScaledObject per pool whose
/// PostgreSQL trigger counts the pool's unfinished submissions (waiting and running, so a pool
/// busy with its jobs is not scaled down under them), one worker per sandbox slot's worth.
/// </summary>
internal static class KedaManifests
{
    public const string TriggerAuthentication = "arbiter-database";

    /// <summary>The pool's load as KEDA reads it: the same statuses the store calls unfinished
    /// (queued, compiling, running) in the pool's languages. Ids are lower-case letters, digits,
    /// '-' and '+' (the catalog checks), so they are safe inside the quotes.</summary>
    public static string Query(WorkerPool pool) =>
        "SELECT COUNT(*) FROM submissions WHERE status IN ('queued','compiling','running') AND language IN (" +
        string.Join(", ", pool.Languages.Select(l => "'" + l.Id + "'")) + ")";

    public static string ScaledObject(WorkerPool pool, ImageSettings settings)
    {
        var resources = PoolResources.For(pool);
        var text = new StringBuilder();
        Header(text, settings.Version, $"KEDA scaling of the pool '{pool.Name}'.");
        text.AppendLine("apiVersion: keda.sh/v1alpha1");
        text.AppendLine("kind: ScaledObject");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {pool.ImageName}");
        text.AppendLine("  labels:");
        Indented(text, PodBlocks.Labels("worker", pool.Name), 4);
        text.AppendLine("spec:");
        text.AppendLine($"  scaleTargetRef: {{name: {pool.ImageName}}}");
        text.AppendLine("  minReplicaCount: 0");
        text.AppendLine("  maxReplicaCount: 20");
        text.AppendLine("  pollingInterval: 10");
        text.AppendLine("  # Scale down slowly: a stopping worker drains, and a new one pays its start-up self-tests.");
        text.AppendLine("  cooldownPeriod: 300");
        text.AppendLine("  triggers:");
        text.AppendLine("    - type: postgresql");
        text.AppendLine("      metadata:");
        text.AppendLine($"        query: {Quote(Query(pool))}");
        text.AppendLine($"        targetQueryValue: \"{resources.Slots}\"");
        text.AppendLine("        activationTargetQueryValue: \"0\"");
        text.AppendLine($"      authenticationRef: {{name: {TriggerAuthentication}}}");
        return text.ToString();
    }

    public static string Authentication(ImageSettings settings)
    {
        var text = new StringBuilder();
        Header(text, settings.Version, "KEDA reads the database from the same Secret as Arbiter.");
        text.AppendLine("apiVersion: keda.sh/v1alpha1");
        text.AppendLine("kind: TriggerAuthentication");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {TriggerAuthentication}");
        text.AppendLine("spec:");
        text.AppendLine("  secretTargetRef:");
        foreach (var (parameter, key) in new[]
            { ("host", "host"), ("port", "port"), ("dbName", "database"), ("userName", "username"), ("password", "password"), ("sslmode", "sslmode") })
        {
            text.AppendLine($"    - {{parameter: {parameter}, name: {ManifestNames.DatabaseSecret}, key: {key}}}");
        }

        return text.ToString();
    }
}
