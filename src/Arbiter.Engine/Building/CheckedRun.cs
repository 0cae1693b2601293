using System.Text;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>
/// The protocol of a language's check-and-run command (<see cref="Languages.CompileStep.CheckAndRun"/>):
/// the command checks the source, and once it passes writes <see cref="Marker"/> to stderr before
/// any of the program runs. So the first marker on stderr splits what the check printed (its
/// warnings) from what the program printed, and no program can fake or hide it: a program that
/// never started cannot write it, and one that started cannot take it back. No marker means the
/// check failed (or never finished). The marker starts with a NUL byte, which no compiler message
/// about a source can contain (CPython refuses sources with NUL bytes).
/// </summary>
public static class CheckedRun
{
    /// <summary>The line that says "the source compiled; the program starts now".</summary>
    public const string Marker = "\0arbiter: compiled\n";

    private static readonly byte[] MarkerBytes = Encoding.UTF8.GetBytes(Marker);

    /// <summary>The check's output and the program's own result (stderr without the check's
    /// part), or null when the run carries no marker: the check failed or was cut short.</summary>
    public static (string CheckOutput, SandboxResult Program)? Split(SandboxResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var at = run.Stderr.AsSpan().IndexOf(MarkerBytes);
        if (at < 0)
        {
            return null;
        }

        var cut = at + MarkerBytes.Length;
        var check = Encoding.UTF8.GetString(run.Stderr, 0, at);
        return (check, run with { Stderr = run.Stderr[cut..], StderrBytes = Math.Max(0, run.StderrBytes - cut) });
    }
}
