using System.Text;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>The API's Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget, and the
/// settings ConfigMap every Arbiter pod reads.</summary>
internal static class ApiManifests
{
    public static string Write(ImageSettings settings)
    {
        var labels = PodBlocks.Labels("api");
        var text = new StringBuilder();
        Header(text, settings.Version, "The API: REST, web UI, /metrics; no sandbox, no privilege.");
        text.AppendLine("apiVersion: apps/v1");
        text.AppendLine("kind: Deployment");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {ManifestNames.Api}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  replicas: 2");
        text.AppendLine("  revisionHistoryLimit: 3");
        text.AppendLine("  selector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        text.AppendLine("  strategy:");
        text.AppendLine("    type: RollingUpdate");
        text.AppendLine("    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}");
        text.AppendLine("  template:");
        text.AppendLine("    metadata:");
        text.AppendLine("      labels:");
        Indented(text, labels, 8);
        text.AppendLine("      annotations:");
        Indented(text, PodBlocks.ScrapeAnnotations(), 8);
        text.AppendLine("    spec:");
        text.AppendLine("      automountServiceAccountToken: false");
        text.AppendLine("      enableServiceLinks: false");
        text.AppendLine("      securityContext:");
        text.AppendLine($"        runAsUser: {ImageSettings.ApiUid}");
        text.AppendLine($"        runAsGroup: {ImageSettings.ApiUid}");
        text.AppendLine($"        fsGroup: {ImageSettings.ApiUid}");
        text.AppendLine("        runAsNonRoot: true");
        text.AppendLine("        seccompProfile: {type: RuntimeDefault}");
        text.AppendLine("      containers:");
        text.AppendLine("        - name: api");
        text.AppendLine($"          image: {ImageNames.Api}:{settings.Version}");
        text.AppendLine("          imagePullPolicy: IfNotPresent");
        Indented(text, PodBlocks.Environment([("ARBITER__SERVER__ROLE", "api")]), 10);
        Indented(text, PodBlocks.Probes(), 10);
        text.AppendLine("          resources:");
        text.AppendLine("            requests: {cpu: 250m, memory: 256Mi}");
        text.AppendLine("            limits: {cpu: \"1\", memory: 512Mi}");
        text.AppendLine("          securityContext:");
        text.AppendLine("            allowPrivilegeEscalation: false");
        text.AppendLine("            readOnlyRootFilesystem: true");
        text.AppendLine("            capabilities: {drop: [ALL]}");
        text.AppendLine("          volumeMounts:");
        text.AppendLine($"            - {{name: data, mountPath: {ImageSettings.DataDirectory}}}");
        text.AppendLine("            - {name: tmp, mountPath: /tmp}");
        text.AppendLine("      volumes:");
        text.AppendLine("        - {name: data, emptyDir: {sizeLimit: 1Gi}}");
        text.AppendLine("        - {name: tmp, emptyDir: {sizeLimit: 256Mi}}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Service");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {ManifestNames.Api}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  selector:");
        Indented(text, labels, 4);
        text.AppendLine("  ports:");
        text.AppendLine($"    - {{name: http, port: 80, targetPort: http}}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: autoscaling/v2");
        text.AppendLine("kind: HorizontalPodAutoscaler");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {ManifestNames.Api}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine($"  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {ManifestNames.Api}}}");
        text.AppendLine("  minReplicas: 2");
        text.AppendLine("  maxReplicas: 10");
        text.AppendLine("  metrics:");
        text.AppendLine("    - type: Resource");
        text.AppendLine("      resource:");
        text.AppendLine("        name: cpu");
        text.AppendLine("        target: {type: Utilization, averageUtilization: 70}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: policy/v1");
        text.AppendLine("kind: PodDisruptionBudget");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {ManifestNames.Api}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  minAvailable: 1");
        text.AppendLine("  selector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        return text.ToString();
    }

    public static string Settings(ImageSettings settings)
    {
        var text = new StringBuilder();
        Header(text, settings.Version, "Settings every Arbiter pod reads (ARBITER__SECTION__KEY, see README).");
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: ConfigMap");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {ManifestNames.Settings}");
        text.AppendLine("  labels:");
        text.AppendLine($"    {ManifestNames.NameLabel}: arbiter");
        text.AppendLine("data:");
        text.AppendLine("  ARBITER__STORAGE__PROVIDER: postgres");
        text.AppendLine($"  ARBITER__SERVER__DATADIRECTORY: {ImageSettings.DataDirectory}");
        text.AppendLine("  ARBITER__SERVER__LEASESECONDS: \"30\"");
        text.AppendLine("  Logging__Console__FormatterName: json");
        return text.ToString();
    }
}
