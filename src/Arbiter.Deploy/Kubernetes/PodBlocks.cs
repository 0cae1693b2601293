using System.Text;
using Arbiter.Deploy.Images;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>The parts of a pod that the API and the workers share, written once.</summary>
internal static class PodBlocks
{
    /// <summary>Labels of one component (and pool), as a YAML mapping body.</summary>
    public static string Labels(string component, string? pool = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"{ManifestNames.NameLabel}: arbiter");
        text.AppendLine($"{ManifestNames.ComponentLabel}: {component}");
        if (pool is not null)
        {
            text.AppendLine($"{ManifestNames.PoolLabel}: {pool}");
        }

        return text.ToString();
    }

    /// <summary>Prometheus scrapes /metrics on the service port.</summary>
    public static string ScrapeAnnotations() =>
        $"prometheus.io/scrape: \"true\"\nprometheus.io/port: \"{ImageSettings.Port}\"\nprometheus.io/path: /metrics\n";

    /// <summary>The settings ConfigMap, the database Secret's keys as PG* variables, and the
    /// connection string composed from them (Kubernetes expands $(VAR) of earlier variables).</summary>
    public static string Environment(IEnumerable<(string Name, string Value)> extra)
    {
        var text = new StringBuilder();
        text.AppendLine("envFrom:");
        text.AppendLine($"  - configMapRef: {{name: {ManifestNames.Settings}}}");
        text.AppendLine("env:");
        foreach (var (key, variable) in ManifestNames.DatabaseKeys)
        {
            text.AppendLine($"  - name: {variable}");
            text.AppendLine($"    valueFrom: {{secretKeyRef: {{name: {ManifestNames.DatabaseSecret}, key: {key}}}}}");
        }

        text.AppendLine("  - name: ARBITER__STORAGE__CONNECTIONSTRING");
        text.AppendLine("    value: \"Host=$(PGHOST);Port=$(PGPORT);Database=$(PGDATABASE);Username=$(PGUSER);Password=$(PGPASSWORD);SSL Mode=$(PGSSLMODE)\"");
        foreach (var (name, value) in extra)
        {
            text.AppendLine($"  - name: {name}");
            text.AppendLine($"    value: {Quote(value)}");
        }

        return text.ToString();
    }

    public static string Probes() => $$"""
        ports:
          - {name: http, containerPort: {{ImageSettings.Port}}}
        startupProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 2
          failureThreshold: 60
        readinessProbe:
          httpGet: {path: /readyz, port: http}
          periodSeconds: 5
          failureThreshold: 3
        livenessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 10
          failureThreshold: 6

        """;
}
