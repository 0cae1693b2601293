using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>
/// Builds by content hash (source, extra files, language spec, flags, the toolchain's identity),
/// in memory and on disk, so re-judging or resubmitting the same source never recompiles.
/// Compile errors are cached too: the same source fails the same way; but not failures that may
/// not repeat (the judge's own, a missing toolchain, a compile limit hit on a loaded machine).
/// Entries are written to a temporary name and renamed, so a crash mid-write never leaves a half
/// entry.
/// </summary>
public sealed class BuildCache(string? directory, int memoryEntries = 512)
{
    private const string FormatVersion = "2";
    private readonly ConcurrentDictionary<string, BuildResult> _memory = new(StringComparer.Ordinal);

    /// <summary>The per-user default: $XDG_CACHE_HOME/arbiter/builds or ~/.cache/arbiter/builds.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(root, "arbiter", "builds");
        }
    }

    public static string Key(LanguageSpec language, ReadOnlySpan<byte> source, IReadOnlyList<string> flags, IReadOnlyList<SandboxFile>? extraFiles = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add(FormatVersion);
        Add(language.Id);
        Add(language.SourceFile);
        Add(ToolchainIdentity.Of(language));
        foreach (var part in language.Compile?.Command ?? [])
        {
            Add(part);
        }

        foreach (var artifact in language.Compile?.Artifacts ?? [])
        {
            Add(artifact);
        }

        foreach (var (name, value) in language.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Add($"{name}={value}");
        }

        Add(flags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var flag in flags)
        {
            Add(flag);
        }

        foreach (var file in extraFiles ?? [])
        {
            Add(file.Name);
            Add(file.Executable ? "x" : "-");
            Add(file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            hash.AppendData(file.Content.Span);
        }

        hash.AppendData(source);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public bool TryGet(string key, LanguageSpec language, out BuildResult result)
    {
        if (_memory.TryGetValue(key, out result!))
        {
            result = result with { CacheHit = true, Time = TimeSpan.Zero };
            return true;
        }

        if (directory is null || ReadFromDisk(Path.Combine(directory, key), language) is not { } stored)
        {
            return false;
        }

        Remember(key, stored);
        result = stored with { CacheHit = true, Time = TimeSpan.Zero };
        return true;
    }

    public void Store(string key, BuildResult result)
    {
        if (result.InternalError || result.Retryable)
        {
            return; // says nothing lasting about the source: a retry may well succeed
        }

        Remember(key, result);
        if (directory is null || (result.Program?.Files ?? []).Any(f => !IsPlainRelative(f.Name)))
        {
            return;
        }

        var final = Path.Combine(directory, key);
        var temporary = final + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(Path.Combine(temporary, "files"));
            foreach (var file in result.Program?.Files ?? [])
            {
                var path = Path.Combine(temporary, "files", file.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Content.ToArray());
            }

            var entry = new Entry(result.Program is not null, result.CompilerOutput, result.Message, result.Time.TotalMilliseconds,
                (result.Program?.Files ?? []).Select(f => new EntryFile(f.Name, f.Executable)).ToList());
            File.WriteAllText(Path.Combine(temporary, "entry.json"), JsonSerializer.Serialize(entry));
            Directory.Move(temporary, final);
        }
        catch (IOException)
        {
            // Another process stored the same build first, or the disk is full: the cache is an
            // optimisation, never a reason to fail a build.
            TryDelete(temporary);
        }
        catch (UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private void Remember(string key, BuildResult result)
    {
        if (_memory.Count >= memoryEntries)
        {
            _memory.Clear();
        }

        _memory[key] = result;
    }

    private static BuildResult? ReadFromDisk(string path, LanguageSpec language)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(Path.Combine(path, "entry.json")));
            if (entry is null)
            {
                return null;
            }

            var program = entry.Succeeded
                ? new CompiledProgram(language, entry.Files.Select(f => new SandboxFile(f.Name, File.ReadAllBytes(Path.Combine(path, "files", f.Name)), f.Executable)).ToList())
                : null;
            return new BuildResult(program, entry.CompilerOutput, TimeSpan.FromMilliseconds(entry.TimeMs), CacheHit: true, entry.Message);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The sandbox refuses other names; the disk cache must not write outside its entry
    /// before the sandbox has seen them.</summary>
    private static bool IsPlainRelative(string name) =>
        name.Length > 0 && !Path.IsPathRooted(name) && !name.Split('/').Any(part => part is "" or "." or "..");

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort
        }
    }

    private sealed record Entry(bool Succeeded, string CompilerOutput, string? Message, double TimeMs, List<EntryFile> Files);

    private sealed record EntryFile(string Name, bool Executable);
}
