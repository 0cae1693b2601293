using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arbiter.Autoscaling.Tests.Actuators;

/// <summary>
/// The part of the Kubernetes API the actuator uses, served over real HTTP on loopback (no cluster
/// exists here): a Deployment's scale subresource (GET, and PATCH with a JSON merge patch) and its
/// status. Pods become ready when <see cref="ReadyReplicas"/> says so, as a kubelet would decide.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public string Namespace { get; } = "arbiter";

    public string Deployment { get; } = "arbiter-worker-py";

    public int Replicas { get; set; } = 1;

    public int ReadyReplicas { get; set; } = 1;

    public int ExistingReplicas { get; set; } = 1;

    public List<(string Method, string Path, string? ContentType, string Body)> Requests { get; } = [];

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeKubernetesApi(app);
        app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (fake.Requests)
            {
                fake.Requests.Add((context.Request.Method, context.Request.Path.Value!, context.Request.ContentType, body));
            }

            context.Items["body"] = body;
            await next(context);
        });
        app.MapGet("/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale", (string ns, string name) => fake.Known(ns, name) ? Results.Json(fake.Scale()) : NotFound(name));
        app.MapMethods("/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale", ["PATCH"], (string ns, string name, HttpContext context) =>
        {
            if (!fake.Known(ns, name))
            {
                return NotFound(name);
            }

            if (context.Request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
            {
                return Results.Json(Status(415, "UnsupportedMediaType", "the actuator must send a merge patch"), statusCode: 415);
            }

            var patch = JsonNode.Parse((string)context.Items["body"]!)!;
            fake.Replicas = patch["spec"]!["replicas"]!.GetValue<int>();
            return Results.Json(fake.Scale());
        });
        app.MapGet(
            "/apis/apps/v1/namespaces/{ns}/deployments/{name}/status",
            (string ns, string name) => fake.Known(ns, name) ? Results.Json(fake.DeploymentObject()) : NotFound(name));
        await app.StartAsync();
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private bool Known(string ns, string name) => ns == Namespace && name == Deployment;

    private object Scale() => new
    {
        apiVersion = "autoscaling/v1",
        kind = "Scale",
        metadata = new { name = Deployment, @namespace = Namespace },
        spec = new { replicas = Replicas },
        status = new { replicas = ExistingReplicas, selector = "app=arbiter-worker-py" },
    };

    private object DeploymentObject() => new
    {
        apiVersion = "apps/v1",
        kind = "Deployment",
        metadata = new { name = Deployment, @namespace = Namespace },
        spec = new { replicas = Replicas },
        status = new { replicas = ExistingReplicas, readyReplicas = ReadyReplicas, updatedReplicas = ExistingReplicas },
    };

    private static IResult NotFound(string name) => Results.Json(Status(404, "NotFound", $"deployments.apps \"{name}\" not found"), statusCode: 404);

    private static object Status(int code, string reason, string message) =>
        new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code };
}
