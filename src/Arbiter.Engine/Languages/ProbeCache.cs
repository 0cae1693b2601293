using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arbiter.Engine.Building;

namespace Arbiter.Engine.Languages;

/// <summary>
/// Passing probe results on disk, one file per language, keyed by the language's spec and its
/// toolchain's identity (every host path its version, compile, run and package commands name, with
/// size and modification time: <see cref="ToolchainIdentity"/>). A worker starting on a machine
/// whose toolchains have not changed takes its languages from here instead of running version
/// probes and self-tests: it is ready in the time it takes to read a few files. Upgrading a
/// compiler or editing a spec changes the key; a failed probe is never kept, so it is tried again.
/// </summary>
public sealed class ProbeCache(string directory)
{
    private const string FormatVersion = "probe-cache-1";

    public string Directory => directory;

    public static string Key(LanguageSpec language)
    {
        ArgumentNullException.ThrowIfNull(language);
        // Of() covers the compile and version commands; the run and package commands name
        // toolchain files too (java, a package's interpreter), so they join the version list here.
        var commands = language with { Version = [.. language.Version, .. language.Run, .. language.Packages.SelectMany(p => p.Version)] };
        var text = string.Join('\0', FormatVersion, JsonSerializer.Serialize(language with { SourcePath = null }), ToolchainIdentity.Of(commands));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public LanguageStatus? TryGet(LanguageSpec language)
    {
        try
        {
            var status = JsonSerializer.Deserialize<LanguageStatus>(File.ReadAllText(PathOf(language)));
            return status is { Available: true } && status.Id == language.Id ? status : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Keeps a passing result (atomically: a reader never sees half a file); a failing
    /// one, or a cache directory that cannot be written, is left alone.</summary>
    public void Save(LanguageSpec language, LanguageStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.Available)
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var path = PathOf(language);
            var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, JsonSerializer.Serialize(status));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next start its probes.
        }
    }

    private string PathOf(LanguageSpec language) => Path.Combine(directory, $"{language.Id}-{Key(language)}.json");
}
