namespace Arbiter.Engine.Tests.Problems;

/// <summary>Finds the repository's sample packages under problems/.</summary>
internal static class SamplePackages
{
    public static string Path(string id)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "problems", id);
    }
}
