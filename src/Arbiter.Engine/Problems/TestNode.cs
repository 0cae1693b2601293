namespace Arbiter.Engine.Problems;

/// <summary>An item of the test data tree: a <see cref="TestCase"/> or a <see cref="TestGroup"/>.</summary>
/// <param name="Name">Base name within its group (<c>01-small</c>, <c>group1</c>).</param>
/// <param name="Path">Path relative to <c>data/</c> without extension (<c>secret/group1/01-small</c>); the key for results.</param>
public abstract record TestNode(string Name, string Path);
