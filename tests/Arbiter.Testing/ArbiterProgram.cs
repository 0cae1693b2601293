using System.Diagnostics;

namespace Arbiter.Testing;

/// <summary>
/// The built <c>arbiter</c> program next to the running assembly (every project that starts it
/// references Arbiter.Cli, which copies <c>arbiter.dll</c> and the launcher there), started as
/// <c>dotnet arbiter.dll</c> with the host this process runs under.
/// </summary>
public static class ArbiterProgram
{
    /// <summary>The path of <c>arbiter.dll</c>.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "arbiter.dll");

    /// <summary>A start of <c>arbiter</c> with <paramref name="arguments"/>, inheriting the
    /// environment, with no stream redirected yet.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Host()) { UseShellExecute = false };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>The dotnet host: the one this process runs under, the one <c>dotnet test</c>
    /// exports, or the one on PATH.</summary>
    private static string Host() =>
        Path.GetFileName(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } exported ? exported
        : "dotnet";
}
