using System.Text;
using Arbiter.Deploy.Images;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>
/// Who may talk to whom. The API takes HTTP from anywhere and reaches only DNS and PostgreSQL.
/// Workers take only scrapes and probes on their port and reach DNS, PostgreSQL and callback
/// targets on 80/443 (never the cloud metadata address). Sandboxed programs have no network at
/// all: each runs in its own empty network namespace, whatever these policies say.
/// </summary>
internal static class NetworkPolicies
{
    public static string Write(ImageSettings settings)
    {
        var text = new StringBuilder();
        Header(text, settings.Version, "Network policies (PostgreSQL on 5432: patch the port in an overlay if yours differs).");
        Policy(text, "arbiter-api", "api",
            ingress: $$"""
                - ports: [{port: {{ImageSettings.Port}}, protocol: TCP}]
                """,
            egress: Dns + Postgres);
        text.AppendLine("---");
        Policy(text, "arbiter-workers", "worker",
            ingress: $$"""
                # Prometheus, from any namespace; kubelet probes are not subject to policies.
                - from:
                    - namespaceSelector: {}
                  ports: [{port: {{ImageSettings.Port}}, protocol: TCP}]
                """,
            egress: Dns + Postgres + """
                # Callbacks to the URLs submissions name, but not the cloud's metadata service.
                - to:
                    - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}
                  ports: [{port: 80, protocol: TCP}, {port: 443, protocol: TCP}]
                """);
        return text.ToString();
    }

    private const string Dns = """
        - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]

        """;

    private const string Postgres = """
        - ports: [{port: 5432, protocol: TCP}]

        """;

    private static void Policy(StringBuilder text, string name, string component, string ingress, string egress)
    {
        text.AppendLine("apiVersion: networking.k8s.io/v1");
        text.AppendLine("kind: NetworkPolicy");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {name}");
        text.AppendLine("spec:");
        text.AppendLine("  podSelector:");
        text.AppendLine("    matchLabels:");
        Indented(text, PodBlocks.Labels(component), 6);
        text.AppendLine("  policyTypes: [Ingress, Egress]");
        text.AppendLine("  ingress:");
        Indented(text, ingress, 4);
        text.AppendLine("  egress:");
        Indented(text, egress, 4);
    }
}
