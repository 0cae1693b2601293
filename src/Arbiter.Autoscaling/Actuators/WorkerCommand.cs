using System.Diagnostics;

namespace Arbiter.Autoscaling.Actuators;

/// <summary>How to start this very program as <c>arbiter serve --role worker</c>: its path, and
/// the dll when it runs as <c>dotnet arbiter.dll</c> (as tests run it).</summary>
public sealed record WorkerCommand(string Program, string? Assembly)
{
    /// <summary>The running CLI: <c>arbiter</c>, or <c>dotnet</c> with the given entry assembly.</summary>
    public static WorkerCommand Current(string entryAssemblyPath) =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? new WorkerCommand(Environment.ProcessPath!, entryAssemblyPath)
            : new WorkerCommand(Environment.ProcessPath!, null);

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Assembly is not null)
        {
            info.ArgumentList.Add(Assembly);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
