using System.Collections.Concurrent;
using System.IO.Compression;
using Arbiter.Engine.Problems;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Problems;

/// <summary>
/// Problem packages for the service: imported as zips into the store (the store is the truth,
/// shared by every API and worker process), opened on demand into the engine's package model and
/// kept open per process. A package is validated by loading it before it is stored. Each load is
/// a version in its own directory: a re-import makes the next open load the new version, while
/// jobs holding the old one (<see cref="HoldAsync"/>) keep it until they let go.
/// </summary>
internal sealed class ProblemLibrary(IProblemStore store, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ProblemVersion>>> _open = new(StringComparer.Ordinal);

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
        => _open.ContainsKey(id) || await store.GetProblemAsync(id, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Validates and stores a package zip; returns the loaded package's id and name.</summary>
    /// <exception cref="ProblemPackageException">The package is malformed.</exception>
    public async Task<ProblemRecord> ImportAsync(byte[] zip, string? id, string? owner, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"arbiter-upload-{Guid.NewGuid():N}.zip");
        try
        {
            await File.WriteAllBytesAsync(path, zip, cancellationToken).ConfigureAwait(false);
            using var package = ProblemLoader.Load(path);
            var problemId = id ?? package.Id;
            if (!IsValidId(problemId))
            {
                throw new ProblemPackageException($"problem id '{problemId}' must be 1-64 lower-case letters, digits, '-' or '_'");
            }

            var record = new ProblemRecord(problemId, package.Name, package.Type.ToString(), time.GetUtcNow(), owner, zip);
            await store.SaveProblemAsync(record, cancellationToken).ConfigureAwait(false);
            // The switch: later holds load the new version; the old one goes with its last holder.
            if (_open.TryRemove(problemId, out var previous) && previous.IsValueCreated)
            {
                await RetireAsync(previous).ConfigureAwait(false);
            }

            return record with { PackageZip = [] };
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Imports a package directory (the shipped samples), zipping it first.</summary>
    public Task<ProblemRecord> ImportDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                archive.CreateEntryFromFile(file, Path.GetRelativePath(directory, file).Replace('\\', '/'));
            }
        }

        return ImportAsync(buffer.ToArray(), Path.GetFileName(directory), owner: null, cancellationToken);
    }

    /// <summary>A hold on the problem's current version, loaded once per process; dispose it when
    /// done with the package's files.</summary>
    public async Task<ProblemLease> HoldAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _open.GetOrAdd(id, key => new Lazy<Task<ProblemVersion>>(() => LoadAsync(key, cancellationToken)));
            var version = await entry.Value.ConfigureAwait(false);
            if (version.TryHold())
            {
                return new ProblemLease(version);
            }

            // Retired by a re-import between the lookup and the hold: take the new version.
            _open.TryRemove(new KeyValuePair<string, Lazy<Task<ProblemVersion>>>(id, entry));
        }
    }

    public void Dispose()
    {
        foreach (var entry in _open.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully))
        {
            entry.Value.Result.Release();
        }
    }

    private static async Task RetireAsync(Lazy<Task<ProblemVersion>> entry)
    {
        try
        {
            (await entry.Value.ConfigureAwait(false)).Release();
        }
        catch (Exception e) when (e is ProblemPackageException or IOException or OperationCanceledException)
        {
            // A load that failed has nothing to retire (and removed itself already).
        }
    }

    private async Task<ProblemVersion> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"arbiter-problem-{id}-{Guid.NewGuid():N}.zip");
        try
        {
            // Inside the try: a store that failed once (or a cancelled job) must not leave a
            // failed load cached for every later job of this problem.
            var record = await store.GetProblemAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new ProblemPackageException($"unknown problem '{id}'");
            await File.WriteAllBytesAsync(path, record.PackageZip, cancellationToken).ConfigureAwait(false);
            return new ProblemVersion(ProblemLoader.Load(path));
        }
        catch
        {
            _open.TryRemove(id, out _);
            throw;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool IsValidId(string id) => id.Length is > 0 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
