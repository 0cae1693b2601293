using System.Text;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Pools;
using static Arbiter.Deploy.Kubernetes.YamlText;

namespace Arbiter.Deploy.Kubernetes;

/// <summary>
/// One pool's Deployment and PodDisruptionBudget. The pod runs as root with only the
/// capabilities the sandbox needs (<see cref="SandboxPrivileges"/>), the host's cgroup tree
/// writable, and the node's /run/arbiter shared so sandbox uids stay unique per node. Its grace
/// period outlasts the drain, so a stopping worker finishes or hands back its jobs before SIGKILL.
/// </summary>
internal static class WorkerManifests
{
    public static string Write(WorkerPool pool, ImageSettings settings, int drainSeconds)
    {
        var resources = PoolResources.For(pool);
        var labels = PodBlocks.Labels("worker", pool.Name);
        var text = new StringBuilder();
        Header(text, settings.Version, $"The worker pool '{pool.Name}': {pool.LanguageList}.");
        text.AppendLine("apiVersion: apps/v1");
        text.AppendLine("kind: Deployment");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {pool.ImageName}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  # KEDA's ScaledObject (components/keda) sets the count where it is installed.");
        text.AppendLine("  replicas: 1");
        text.AppendLine("  revisionHistoryLimit: 3");
        text.AppendLine("  selector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        text.AppendLine("  strategy:");
        text.AppendLine("    type: RollingUpdate");
        text.AppendLine("    # A new worker starts before an old one stops; the old one drains (see terminationGracePeriodSeconds).");
        text.AppendLine("    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}");
        text.AppendLine("  template:");
        text.AppendLine("    metadata:");
        text.AppendLine("      labels:");
        Indented(text, labels, 8);
        text.AppendLine("      annotations:");
        Indented(text, PodBlocks.ScrapeAnnotations(), 8);
        text.AppendLine("    spec:");
        text.AppendLine($"      # Server:DrainSeconds ({drainSeconds}) to finish running jobs, then {WorkerDrain.HandBackSeconds} s to hand back the rest.");
        text.AppendLine($"      terminationGracePeriodSeconds: {Number(WorkerDrain.GracePeriodSeconds(drainSeconds))}");
        text.AppendLine("      automountServiceAccountToken: false");
        text.AppendLine("      enableServiceLinks: false");
        text.AppendLine("      containers:");
        text.AppendLine("        - name: worker");
        text.AppendLine($"          image: {pool.ImageName}:{settings.Version}");
        text.AppendLine("          imagePullPolicy: IfNotPresent");
        Indented(text, PodBlocks.Environment(
        [
            ("ARBITER__SERVER__ROLE", "worker"),
            ("ARBITER__SERVER__WORKERLANGUAGES", pool.LanguageList),
            ("ARBITER__SANDBOX__MAXPARALLEL", Number(resources.Slots)),
            ("ARBITER__SERVER__DRAINSECONDS", Number(drainSeconds)),
        ]), 10);
        Indented(text, PodBlocks.Probes(), 10);
        text.AppendLine("          resources:");
        text.AppendLine($"            requests: {{cpu: \"{resources.Cores}\", memory: {resources.MemoryMiB}Mi}}");
        text.AppendLine($"            limits: {{cpu: \"{resources.Cores}\", memory: {resources.MemoryMiB}Mi}}");
        text.AppendLine("          securityContext:");
        text.AppendLine("            # Root in the container, for the sandbox only: it makes namespaces, mounts and cgroups and");
        text.AppendLine("            # runs every program as its own unprivileged uid under seccomp (docs/deploy.md).");
        text.AppendLine("            runAsUser: 0");
        text.AppendLine("            runAsNonRoot: false");
        text.AppendLine("            readOnlyRootFilesystem: true");
        text.AppendLine("            capabilities:");
        text.AppendLine("              drop: [ALL]");
        text.AppendLine($"              add: [{string.Join(", ", SandboxPrivileges.Capabilities)}]");
        text.AppendLine("            seccompProfile: {type: RuntimeDefault}");
        text.AppendLine("            # The runtime's AppArmor profile forbids mount, which the sandbox needs.");
        text.AppendLine("            appArmorProfile: {type: Unconfined}");
        text.AppendLine("          volumeMounts:");
        text.AppendLine($"            - {{name: cgroup, mountPath: {SandboxPrivileges.CgroupPath}}}");
        text.AppendLine($"            - {{name: sandbox-runtime, mountPath: {SandboxPrivileges.RuntimeDirectory}}}");
        text.AppendLine($"            - {{name: data, mountPath: {ImageSettings.DataDirectory}}}");
        text.AppendLine("            - {name: tmp, mountPath: /tmp}");
        text.AppendLine("      volumes:");
        text.AppendLine("        # cgroup v1: the host's tree, in which the worker finds its own cgroup and nests every run.");
        text.AppendLine($"        - {{name: cgroup, hostPath: {{path: {SandboxPrivileges.CgroupPath}, type: Directory}}}}");
        text.AppendLine($"        - {{name: sandbox-runtime, hostPath: {{path: {SandboxPrivileges.RuntimeDirectory}, type: DirectoryOrCreate}}}}");
        text.AppendLine("        - {name: data, emptyDir: {sizeLimit: 4Gi}}");
        text.AppendLine("        - {name: tmp, emptyDir: {sizeLimit: 1Gi}}");
        text.AppendLine("---");
        text.AppendLine("apiVersion: policy/v1");
        text.AppendLine("kind: PodDisruptionBudget");
        text.AppendLine("metadata:");
        text.AppendLine($"  name: {pool.ImageName}");
        text.AppendLine("  labels:");
        Indented(text, labels, 4);
        text.AppendLine("spec:");
        text.AppendLine("  # Node drains take one worker of the pool at a time; each drains its jobs first.");
        text.AppendLine("  maxUnavailable: 1");
        text.AppendLine("  selector:");
        text.AppendLine("    matchLabels:");
        Indented(text, labels, 6);
        return text.ToString();
    }
}
