using System.Text.Json;
using Arbiter.Deploy.Images;
using Arbiter.Deploy.Tests.Kubernetes;
using k8s.Models;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// What the kube play test feeds podman, checked without podman (these run wherever kubectl
/// renders): the adapted documents are still valid Kubernetes, change only what podman 4.3
/// cannot take, and keep the pods as the overlay describes them.
/// </summary>
public sealed class KubePlayManifestsTests
{
    private static readonly KubePlayImages Images = new("localhost/arbiter-api:ci", "localhost/arbiter-cpy:ci", "localhost/arbiter-postgres:ci");

    private static KubePlayManifests Adapt() =>
        KubePlayManifests.Adapt(RenderedManifests.RenderAndLoad(Path.Combine(Checkout.Root, "deploy", "kubernetes", "overlays", "dev")),
            "kptest", Images, KubePlayDeployment.Pools, 18080, "/var/tmp/kptest-run");

    [Fact]
    public void Database_IsItsStatefulSetAsADeployment_WithTheClaimItsTemplateWouldMake()
    {
        var documents = RenderedManifests.Load(Adapt().DatabaseYaml);

        var claim = Assert.Single(documents.OfType<V1PersistentVolumeClaim>());
        Assert.Equal("kptest-data-arbiter-postgres-0", claim.Metadata.Name);
        var database = Assert.Single(documents.OfType<V1Deployment>());
        Assert.Equal("kptest-arbiter-postgres", database.Metadata.Name);
        Assert.Contains(database.Spec.Template.Spec.Volumes, v => v.Name == "data" && v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name);
        Assert.Equal(Images.Postgres, Assert.Single(database.Spec.Template.Spec.Containers).Image);
        Assert.Null(database.Spec.Template.Spec.Containers[0].Ports);
        Assert.Single(documents.OfType<V1ConfigMap>());
        Assert.Empty(documents.OfType<V1StatefulSet>());
    }

    [Fact]
    public void Arbiter_IsTheApiAndThePlayedPools_ReachingTheDatabaseByItsServiceName()
    {
        var deployments = RenderedManifests.Load(Adapt().ArbiterYaml("10.89.7.2")).OfType<V1Deployment>().ToList();

        Assert.Equal(["kptest-arbiter-api", "kptest-arbiter-c", "kptest-arbiter-python3"], deployments.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(deployments, d =>
        {
            var alias = Assert.Single(d.Spec.Template.Spec.HostAliases);
            Assert.Equal("10.89.7.2", alias.Ip);
            Assert.Equal(["arbiter-postgres"], alias.Hostnames);
            Assert.Equal("kptest", d.Spec.Template.Metadata.Labels[KubePlayManifests.RunLabel]);
            var container = Assert.Single(d.Spec.Template.Spec.Containers);
            Assert.Null(container.LivenessProbe);
            Assert.Null(container.StartupProbe);
            Assert.Equal(
                "Host=arbiter-postgres;Port=5432;Database=arbiter;Username=postgres;Password=arbiter-dev;SSL Mode=disable",
                container.Env.Single(e => e.Name == "ARBITER__STORAGE__CONNECTIONSTRING").Value);
            Assert.All(
                container.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null),
                e => Assert.StartsWith("kptest-arbiter-database-", e.ValueFrom.SecretKeyRef.Name, StringComparison.Ordinal));
        });
        var api = deployments.Single(d => d.Metadata.Name == "kptest-arbiter-api").Spec.Template.Spec.Containers[0];
        Assert.Equal(Images.Api, api.Image);
        var port = Assert.Single(api.Ports);
        Assert.True(port is { Name: "http", ContainerPort: 8080, HostPort: 18080, HostIP: "127.0.0.1" }, $"{port.Name} {port.ContainerPort} {port.HostPort} {port.HostIP}");
    }

    [Fact]
    public void Workers_KeepTheirSecurityContextAndCgroupTree_WithAPrivateRuntimeFolder()
    {
        var workers = RenderedManifests.Load(Adapt().ArbiterYaml("10.89.7.2")).OfType<V1Deployment>().Where(d => d.Metadata.Name != "kptest-arbiter-api").ToList();

        Assert.All(workers, d =>
        {
            var container = d.Spec.Template.Spec.Containers[0];
            Assert.Equal(Images.Worker, container.Image);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal(SandboxPrivileges.Capabilities, container.SecurityContext.Capabilities.Add);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Null(container.Ports);
            Assert.Contains(d.Spec.Template.Spec.Volumes, v => v.HostPath?.Path == SandboxPrivileges.CgroupPath);
            Assert.Contains(d.Spec.Template.Spec.Volumes, v => v.HostPath?.Path == "/var/tmp/kptest-run");
            Assert.DoesNotContain(d.Spec.Template.Spec.Volumes, v => v.HostPath?.Path == SandboxPrivileges.RuntimeDirectory);
        });
    }

    [Fact]
    public void Secret_IsJsonOfItsDataForPodmanSecretCreate()
    {
        var manifests = Adapt();

        var data = JsonSerializer.Deserialize<Dictionary<string, byte[]>>(manifests.SecretJson)!;

        Assert.Equal("arbiter-dev", System.Text.Encoding.UTF8.GetString(data["password"]));
        Assert.Equal("arbiter-postgres", System.Text.Encoding.UTF8.GetString(data["host"]));
        Assert.StartsWith("kptest-arbiter-database-", manifests.SecretName, StringComparison.Ordinal);
    }
}
