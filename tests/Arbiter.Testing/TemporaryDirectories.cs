namespace Arbiter.Testing;

/// <summary>Temporary directories made for one test (or one benchmark run), all deleted with it.</summary>
public sealed class TemporaryDirectories(string prefix) : IDisposable
{
    private readonly List<string> _directories = [];

    /// <summary>A new empty directory under the temporary directory, named <c>{prefix}XXXXXX</c>
    /// (this one's prefix, or the collection's).</summary>
    public string New(string? ownPrefix = null)
    {
        var directory = Directory.CreateTempSubdirectory(ownPrefix ?? prefix).FullName;
        lock (_directories)
        {
            _directories.Add(directory);
        }

        return directory;
    }

    public void Dispose()
    {
        lock (_directories)
        {
            foreach (var directory in _directories.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }

            _directories.Clear();
        }
    }
}
