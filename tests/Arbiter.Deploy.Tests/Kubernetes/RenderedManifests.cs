using System.Diagnostics;
using System.Reflection;
using k8s;
using k8s.Models;

namespace Arbiter.Deploy.Tests.Kubernetes;

/// <summary>
/// An overlay rendered by <c>kubectl kustomize</c> (offline) and read back, document by document,
/// into the typed models of the KubernetesClient package, strictly: a field the Kubernetes API (or
/// KEDA's CRD) does not have is an error, as the API server would reject it.
/// </summary>
internal static class RenderedManifests
{
    private static readonly Lazy<Dictionary<string, Type>> TypeMap = new(BuildTypeMap);

    /// <summary>Skips the test, saying why, where kubectl is not installed.</summary>
    public static string Kubectl()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, "kubectl is not installed: the manifests cannot be rendered here (kubectl kustomize renders offline; install kubectl to run these tests).");
        return path!;
    }

    public static string Render(string directory)
    {
        var info = new ProcessStartInfo(Kubectl()) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} failed: {errors}");
        return output.Result;
    }

    /// <summary>Every document, as its typed model; unknown kinds and unknown fields throw.</summary>
    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, TypeMap.Value, strict: true);

    public static IReadOnlyList<object> RenderAndLoad(string directory) => Load(Render(directory));

    private static Dictionary<string, Type> BuildTypeMap()
    {
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && !type.Name.EndsWith("List", StringComparison.Ordinal))
            {
                var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
                map[$"{apiVersion}/{entity.Kind}"] = type;
            }
        }

        map["keda.sh/v1alpha1/ScaledObject"] = typeof(KedaScaledObject);
        map["keda.sh/v1alpha1/TriggerAuthentication"] = typeof(KedaTriggerAuthentication);
        return map;
    }
}
