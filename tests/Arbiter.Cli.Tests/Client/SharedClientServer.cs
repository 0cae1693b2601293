namespace Arbiter.Cli.Tests.Client;

/// <summary>The client test classes share one server (starting one takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class SharedClientServer : ICollectionFixture<ClientServer>
{
    public const string Name = "client";
}
