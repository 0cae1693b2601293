namespace Arbiter.Deploy.Tests;

/// <summary>The repository this test run was built from (the folder with Arbiter.slnx).</summary>
internal static class Checkout
{
    public static string Root { get; } = Find();

    public static string Languages => Path.Combine(Root, "languages");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the tests do not run inside an Arbiter checkout");
    }
}
