namespace Arbiter.Storage.Tests;

/// <summary>Test classes that share the one private PostgreSQL cluster of the run.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
