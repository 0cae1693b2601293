using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// Jobe's file store (<c>PUT/HEAD files/{id}</c>): in memory, content-addressed (ids that name the
/// same bytes share one copy, keyed by SHA-256), bounded by <see cref="CompatOptions.JobeFileCacheMiB"/>
/// with the least recently used id evicted first. Per API process: a run that reaches another
/// process gets Jobe's 404, which CodeRunner answers by sending the files again.
/// </summary>
internal sealed class JobeFileCache(IOptions<CompatOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, string Hash)>> _ids = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, string Hash)> _recent = new();
    private readonly Dictionary<string, (byte[] Content, int Users)> _contents = new(StringComparer.Ordinal);
    private long _bytes;

    public long Capacity => (long)options.Value.JobeFileCacheMiB << 20;

    /// <summary>Stores <paramref name="content"/> under <paramref name="id"/>; false when it is larger
    /// than the whole cache.</summary>
    public bool Put(string id, byte[] content, out bool created)
    {
        created = false;
        if (content.Length > Capacity)
        {
            return false;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        lock (_lock)
        {
            created = !_ids.ContainsKey(id);
            Remove(id);
            _ids[id] = _recent.AddFirst((id, hash));
            if (_contents.TryGetValue(hash, out var shared))
            {
                _contents[hash] = (shared.Content, shared.Users + 1);
            }
            else
            {
                _contents[hash] = (content, 1);
                _bytes += content.Length;
            }

            while (_bytes > Capacity && _recent.Last is { } oldest)
            {
                Remove(oldest.Value.Id);
            }

            return true;
        }
    }

    public bool Contains(string id)
    {
        lock (_lock)
        {
            return _ids.ContainsKey(id);
        }
    }

    /// <summary>The file's bytes, marking it recently used; null when absent.</summary>
    public byte[]? Get(string id)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(id, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return _contents[node.Value.Hash].Content;
        }
    }

    private void Remove(string id)
    {
        if (!_ids.Remove(id, out var node))
        {
            return;
        }

        _recent.Remove(node);
        var (content, users) = _contents[node.Value.Hash];
        if (users > 1)
        {
            _contents[node.Value.Hash] = (content, users - 1);
        }
        else
        {
            _contents.Remove(node.Value.Hash);
            _bytes -= content.Length;
        }
    }
}
