using Arbiter.Deploy.Images;
using Arbiter.Deploy.Kubernetes;
using Arbiter.Deploy.Pools;
using Arbiter.Engine.Languages;
using k8s.Models;

namespace Arbiter.Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes as committed: every overlay renders with kustomize, every document is a
/// valid typed object with no unknown field, the worker Deployments are exactly the pools of
/// languages/, and the generated files are what the generator makes today.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string Manifests = Path.Combine(Checkout.Root, "deploy", "kubernetes");

    private static IReadOnlyList<WorkerPool> Pools => PoolPlanner.Plan(LanguageCatalog.Load(Checkout.Languages), []);

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/dev")]
    [InlineData("overlays/production")]
    public void Render_EveryDocumentReadsIntoItsTypedModel_WithNoUnknownField(string overlay)
    {
        var documents = RenderedManifests.RenderAndLoad(Path.Combine(Manifests, overlay));

        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.IsNotType<k8s.KubernetesObject>(d));
    }

    [Fact]
    public void Load_AMisspeltField_IsRejected()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              replicas: 1
              terminationGracePeriod: 30
            """;

        Assert.ThrowsAny<Exception>(() => RenderedManifests.Load(yaml));
    }

    [Fact]
    public void Load_AnUnknownKind_IsRejected()
    {
        Assert.ThrowsAny<Exception>(() => RenderedManifests.Load("apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata: {name: x}\n"));
    }

    [Fact]
    public void Production_HasOneWorkerDeploymentPerPool_ServingItsLanguages_WithItsScaledObjectAndBudget()
    {
        var documents = RenderedManifests.RenderAndLoad(Path.Combine(Manifests, "overlays/production"));
        var workers = documents.OfType<V1Deployment>().Where(d => d.Metadata.Labels[ManifestNames.ComponentLabel] == "worker").ToList();
        var pools = Pools;

        Assert.Equal(pools.Select(p => p.ImageName).Order(StringComparer.Ordinal), workers.Select(w => w.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var pool in pools)
        {
            var deployment = workers.Single(w => w.Metadata.Name == pool.ImageName);
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal($"{pool.ImageName}:{ImageNames.Version}", container.Image);
            Assert.Equal(pool.LanguageList, Env(container, "ARBITER__SERVER__WORKERLANGUAGES"));
            Assert.Equal("worker", Env(container, "ARBITER__SERVER__ROLE"));
            Assert.True(
                deployment.Spec.Template.Spec.TerminationGracePeriodSeconds
                    > long.Parse(Env(container, "ARBITER__SERVER__DRAINSECONDS"), System.Globalization.CultureInfo.InvariantCulture),
                $"{pool.Name}: the grace period must outlast the drain");
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal(SandboxPrivileges.Capabilities, container.SecurityContext.Capabilities.Add);
            Assert.NotEqual(true, container.SecurityContext.Privileged);
            Assert.Equal("true", deployment.Spec.Template.Metadata.Annotations["prometheus.io/scrape"]);

            var scaled = documents.OfType<KedaScaledObject>().Single(s => s.Spec.ScaleTargetRef.Name == pool.ImageName);
            var trigger = Assert.Single(scaled.Spec.Triggers);
            Assert.Equal("postgresql", trigger.Type);
            Assert.Equal(KedaManifests.Query(pool), trigger.Metadata["query"]);
            Assert.Single(documents.OfType<V1PodDisruptionBudget>(), b => b.Metadata.Name == pool.ImageName);
        }

        Assert.Single(documents.OfType<KedaTriggerAuthentication>());
        Assert.DoesNotContain(documents, d => d is V1StatefulSet);
        Assert.DoesNotContain(documents, d => d is V1Secret);
    }

    [Fact]
    public void Dev_RunsTheDatabaseInTheCluster_WithoutKeda_AndEverySecretItRefersToExists()
    {
        var documents = RenderedManifests.RenderAndLoad(Path.Combine(Manifests, "overlays/dev"));

        Assert.Empty(documents.OfType<KedaScaledObject>());
        Assert.Single(documents.OfType<V1StatefulSet>());
        var secrets = documents.OfType<V1Secret>().Select(s => s.Metadata.Name).ToHashSet();
        var referenced = documents.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(documents.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .SelectMany(p => p.Containers).SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name).OfType<string>().ToHashSet();
        Assert.NotEmpty(referenced);
        Assert.Subset(secrets, referenced);
        Assert.Equal(Pools.Count, documents.OfType<V1Deployment>().Count(d => d.Metadata.Labels[ManifestNames.ComponentLabel] == "worker"));
        Assert.All(documents.OfType<V1Deployment>(), d => Assert.Equal("arbiter-dev", d.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Committed_GeneratedFiles_AreWhatTheGeneratorMakesFromLanguagesToday()
    {
        var fresh = Directory.CreateTempSubdirectory("arbiter-k8s-");
        try
        {
            var files = KubernetesWriter.Write(fresh.FullName, Pools, new ImageSettings(ImageNames.Version));
            var stale = files
                .Where(f => !File.Exists(Path.Combine(Manifests, f)) || File.ReadAllText(Path.Combine(Manifests, f)) != File.ReadAllText(Path.Combine(fresh.FullName, f)))
                .ToList();
            var extra = Directory.EnumerateFiles(Path.Combine(Manifests, "base", KubernetesWriter.WorkersFolder))
                .Concat(Directory.EnumerateFiles(Path.Combine(Manifests, "components", "keda", "scaled-objects")))
                .Select(f => Path.GetRelativePath(Manifests, f)).Where(f => !files.Contains(f)).ToList();

            Assert.True(stale.Count == 0 && extra.Count == 0,
                $"deploy/kubernetes is out of date ({string.Join(", ", stale.Concat(extra))}): " +
                    $"run `./arbiter images generate --kubernetes deploy/kubernetes` and commit the result.");
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;
}
