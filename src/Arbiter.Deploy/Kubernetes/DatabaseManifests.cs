using System.Text;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>The dev overlay's in-cluster PostgreSQL: a StatefulSet of one with a volume claim, its
/// Service, and a policy that lets only Arbiter's pods reach it. Production uses an external
/// database instead.</summary>
internal static class DatabaseManifests
{
    public const string Name = "arbiter-postgres";

    public static string Write(ImageSettings settings)
    {
        var labels = PodBlocks.Labels("database");
        var text = new StringBuilder();
        Header(text, settings.Version, "PostgreSQL in the cluster, for development.");
        text.AppendLine("apiVersion: apps/v1");
        text.AppendLine("kind: StatefulSet");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {Name}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine($"  serviceName: {Name}");
        text.AppendLine("  replicas: 1");
        text.AppendLine("  selector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        text.AppendLine("  template:");
        text.AppendLine("    metadata:");
        text.AppendLine("      labels:");
        Indented(text, labels, 8);
        text.AppendLine("    spec:");
        text.AppendLine("      automountServiceAccountToken: false");
        text.AppendLine("      enableServiceLinks: false");
        text.AppendLine("      containers:");
        text.AppendLine("        - name: postgres");
        text.AppendLine("          # Debian's PostgreSQL (arbiter images build); the registry's postgres image reads the same variables.");
        text.AppendLine($"          image: {ImageNames.Postgres}:{settings.Version}");
        text.AppendLine("          imagePullPolicy: IfNotPresent");
        text.AppendLine("          env:");
        text.AppendLine("            - name: POSTGRES_PASSWORD");
        text.AppendLine($"              valueFrom: {{secretKeyRef: {{name: {ManifestNames.DatabaseSecret}, key: password}}}}");
        text.AppendLine("            - name: POSTGRES_DB");
        text.AppendLine($"              valueFrom: {{secretKeyRef: {{name: {ManifestNames.DatabaseSecret}, key: database}}}}");
        text.AppendLine("            - name: POSTGRES_USER");
        text.AppendLine($"              valueFrom: {{secretKeyRef: {{name: {ManifestNames.DatabaseSecret}, key: username}}}}");
        text.AppendLine("          ports:");
        text.AppendLine("            - {name: postgres, containerPort: 5432}");
        text.AppendLine("          readinessProbe:");
        text.AppendLine("            tcpSocket: {port: postgres}");
        text.AppendLine("            periodSeconds: 5");
        text.AppendLine("          resources:");
        text.AppendLine("            requests: {cpu: 250m, memory: 256Mi}");
        text.AppendLine("            limits: {cpu: \"1\", memory: 1Gi}");
        text.AppendLine("          volumeMounts:");
        text.AppendLine("            - {name: data, mountPath: /var/lib/postgresql/data}");
        text.AppendLine("  volumeClaimTemplates:");
        text.AppendLine("    - metadata: {name: data}");
        text.AppendLine("      spec:");
        text.AppendLine("        accessModes: [ReadWriteOnce]");
        text.AppendLine("        resources: {requests: {storage: 5Gi}}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Service");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {Name}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  selector:");
        Indented(text, labels, 4);
        text.AppendLine("  ports:");
        text.AppendLine("    - {name: postgres, port: 5432, targetPort: postgres}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: networking.k8s.io/v1");
        text.AppendLine("kind: NetworkPolicy");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {Name}");
        text.AppendLine("spec:");
        text.AppendLine("  podSelector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        text.AppendLine("  policyTypes: [Ingress, Egress]");
        text.AppendLine("  ingress:");
        text.AppendLine("    - from:");
        text.AppendLine($"        - podSelector: {{matchLabels: {{{ManifestNames.NameLabel}: arbiter}}}}");
        text.AppendLine("      ports: [{port: 5432, protocol: TCP}]");
        text.AppendLine("  egress: []");
        return text.ToString();
    }
}
