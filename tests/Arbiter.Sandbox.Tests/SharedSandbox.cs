namespace Arbiter.Sandbox.Tests;

/// <summary>Sandbox tests share one warm pool and run one class at a time, so each can check the
/// host is clean after its own runs.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSandbox : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
