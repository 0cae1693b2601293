using k8s;
using k8s.Models;

namespace Arbiter.Deploy.Tests.Kubernetes;

// KEDA's custom resources, modelled field for field after its CRDs (keda.sh/v1alpha1) for the
// fields a ScaledObject or TriggerAuthentication may carry that Arbiter could use: read strictly,
// a misspelt or misplaced field in a generated manifest is an error, as for the built-in kinds.

/// <summary>keda.sh/v1alpha1 ScaledObject.</summary>
public sealed class KedaScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public KedaScaledObjectSpec Spec { get; set; } = new();
}

public sealed class KedaScaledObjectSpec
{
    public KedaScaleTarget ScaleTargetRef { get; set; } = new();

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public int? InitialCooldownPeriod { get; set; }

    public int? IdleReplicaCount { get; set; }

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public IList<KedaTrigger> Triggers { get; set; } = [];
}

public sealed class KedaScaleTarget
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string Name { get; set; } = "";

    public string? EnvSourceContainerName { get; set; }
}

public sealed class KedaTrigger
{
    public string Type { get; set; } = "";

    public string? Name { get; set; }

    public string? MetricType { get; set; }

    public bool? UseCachedMetrics { get; set; }

    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();

    public KedaAuthenticationRef? AuthenticationRef { get; set; }
}

public sealed class KedaAuthenticationRef
{
    public string Name { get; set; } = "";

    public string? Kind { get; set; }
}

/// <summary>keda.sh/v1alpha1 TriggerAuthentication (secret and environment sources).</summary>
public sealed class KedaTriggerAuthentication : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public KedaTriggerAuthenticationSpec Spec { get; set; } = new();
}

public sealed class KedaTriggerAuthenticationSpec
{
    public IList<KedaSecretTarget> SecretTargetRef { get; set; } = [];

    public IList<KedaEnvTarget> Env { get; set; } = [];
}

public sealed class KedaSecretTarget
{
    public string Parameter { get; set; } = "";

    public string Name { get; set; } = "";

    public string Key { get; set; } = "";
}

public sealed class KedaEnvTarget
{
    public string Parameter { get; set; } = "";

    public string Name { get; set; } = "";

    public string? ContainerName { get; set; }
}
