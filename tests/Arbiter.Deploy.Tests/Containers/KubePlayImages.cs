namespace Arbiter.Deploy.Tests.Containers;

/// <summary>The local images kube play runs in place of the overlay's: the API, the worker pool
/// image (for every pool played) and the database.</summary>
internal sealed record KubePlayImages(string Api, string Worker, string Postgres);
