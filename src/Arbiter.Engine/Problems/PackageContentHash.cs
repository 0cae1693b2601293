using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Arbiter.Engine.Problems;

/// <summary>A SHA-256 over every file of a package (relative path, size and content, in ordinal
/// path order): the same package gives the same hash wherever it was extracted, and any change to
/// a test, a submission or a limit gives another.</summary>
internal static class PackageContentHash
{
    public static string Of(ProblemPackage problem, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var root = problem.RootDirectory;
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        var buffer = new byte[1 << 16];
        foreach (var (full, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = File.OpenRead(full);
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\0{stream.Length.ToString(CultureInfo.InvariantCulture)}\0"));
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
