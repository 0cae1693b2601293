namespace Arbiter.Deploy.Tests.Containers;

/// <summary>The container tests run one class after another: each starts Arbiter in podman
/// (a worker with two sandbox slots among them), and two at once would only compete for the
/// machine's cores.</summary>
internal static class ContainerCollection
{
    public const string Name = "podman";
}
