using System.Text.Json;

namespace Arbiter.Cli.Client;

/// <summary>
/// Where <c>arbiter login</c> keeps the server and its API key: ARBITER_CONFIG when set, else
/// <c>$XDG_CONFIG_HOME/arbiter/config.json</c> (default <c>~/.config/arbiter/config.json</c>).
/// The file is created 0600 and only ever replaced by renaming a 0600 file over it, so the key
/// is never readable by others, not even for a moment; a directory it creates is 0700.
/// </summary>
internal sealed record ClientConfig(string Server, string Key, string? User, string? KeyId)
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("ARBITER_CONFIG") is { Length: > 0 } path)
        {
            return Path.GetFullPath(path);
        }

        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(home, "arbiter", "config.json");
    }

    /// <summary>The stored login, or null when there is none.</summary>
    public static ClientConfig? Load(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientException($"cannot read the config file {path}: {e.Message}", ExitCodes.Usage);
        }

        try
        {
            var config = JsonSerializer.Deserialize<ClientConfig>(text, Json);
            return config is { Server.Length: > 0, Key.Length: > 0 } ? config : null;
        }
        catch (JsonException e)
        {
            throw new ClientException($"the config file {path} is not valid ({e.Message}); remove it and run arbiter login", ExitCodes.Usage);
        }
    }

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, OwnerDirectory);
            }

            File.Delete(temporary);
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile }))
            {
                JsonSerializer.Serialize(stream, this, Json);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new ClientException($"cannot write the config file {path}: {e.Message}", ExitCodes.Usage);
        }
    }

    /// <summary>Removes the stored login; false when there was none.</summary>
    public static bool Delete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientException($"cannot remove the config file {path}: {e.Message}", ExitCodes.Usage);
        }
    }

    /// <summary>"arb_wcs9Z_o7…": enough of the key to recognise it, never the secret.</summary>
    public static string Shown(string key) => key.Length > 12 ? key[..12] + "…" : key;
}
