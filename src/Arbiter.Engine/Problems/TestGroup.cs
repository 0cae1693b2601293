namespace Arbiter.Engine.Problems;

/// <summary>
/// A directory of test data: test cases and subgroups, in the order the format prescribes
/// (lexicographic by base name, ordinal), with the group's effective settings.
/// </summary>
/// <param name="Name">Directory name (<c>data</c> for the root).</param>
/// <param name="Path">Path relative to <c>data/</c> (empty for the root, <c>secret/group1</c>).</param>
/// <param name="Directory">Absolute path of the directory.</param>
/// <param name="Settings">Effective settings after inheritance.</param>
/// <param name="Children">Test cases and subgroups, interleaved in judging order.</param>
public sealed record TestGroup(
    string Name,
    string Path,
    string Directory,
    TestGroupSettings Settings,
    IReadOnlyList<TestNode> Children) : TestNode(Name, Path)
{
    /// <summary>The direct subgroups, in order.</summary>
    public IEnumerable<TestGroup> Groups => Children.OfType<TestGroup>();

    /// <summary>The direct test cases, in order.</summary>
    public IEnumerable<TestCase> Tests => Children.OfType<TestCase>();

    /// <summary>Every test case in this group and below, in judging order.</summary>
    public IEnumerable<TestCase> AllTests()
    {
        foreach (var child in Children)
        {
            if (child is TestCase test)
            {
                yield return test;
            }
            else if (child is TestGroup group)
            {
                foreach (var nested in group.AllTests())
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>This group and every group below it, parents before children.</summary>
    public IEnumerable<TestGroup> AllGroups()
    {
        yield return this;
        foreach (var group in Groups)
        {
            foreach (var nested in group.AllGroups())
            {
                yield return nested;
            }
        }
    }

    /// <summary>The group at <paramref name="path"/> (relative to <c>data/</c>), or null.</summary>
    public TestGroup? FindGroup(string path) => AllGroups().FirstOrDefault(g => g.Path == path);
}
