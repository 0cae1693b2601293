namespace Arbiter.Deploy.Kubernetes;

/// <summary>Names and labels the manifests share (overlays and the docs refer to them too).</summary>
public static class ManifestNames
{
    public const string Settings = "arbiter-settings";

    /// <summary>The Secret with the database's host, port, database, username, password and sslmode:
    /// the dev overlay generates it; in production the operator creates it.</summary>
    public const string DatabaseSecret = "arbiter-database";

    public const string Api = "arbiter-api";

    public const string NameLabel = "app.kubernetes.io/name";

    public const string ComponentLabel = "app.kubernetes.io/component";

    public const string PoolLabel = "arbiter.dev/pool";

    /// <summary>The keys of <see cref="DatabaseSecret"/> and the environment variables they become.</summary>
    public static IReadOnlyList<(string Key, string Variable)> DatabaseKeys { get; } =
    [
        ("host", "PGHOST"), ("port", "PGPORT"), ("database", "PGDATABASE"), ("username", "PGUSER"), ("password", "PGPASSWORD"), ("sslmode", "PGSSLMODE"),
    ];
}
