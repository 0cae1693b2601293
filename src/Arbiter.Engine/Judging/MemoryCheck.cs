using Arbiter.Engine.Analysis.Valgrind;
using Arbiter.Engine.Building;
using Arbiter.Engine.Problems;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Judging;

/// <summary>
/// Runs a native program once more under valgrind's memcheck, in the sandbox, on one test, and
/// reads its XML report. Valgrind slows programs down many times, so this run gets ten times the
/// time and extra memory; its verdict does not count, only its report. The report is advice for
/// the student: the program runs in the same process as valgrind and could tamper with it.
/// </summary>
internal sealed class MemoryCheck(ISandbox sandbox)
{
    public async Task<ValgrindReport?> RunAsync(CompiledProgram program, TestCase test, SandboxLimits limits, CancellationToken cancellationToken)
    {
        if (program.Files.FirstOrDefault(f => f.Executable) is not { } binary)
        {
            return null;
        }

        var report = $".valgrind-{Guid.NewGuid():N}.xml";
        var run = await sandbox.RunAsync(new SandboxRequest("/usr/bin/valgrind",
        [
            "--tool=memcheck", "--xml=yes", $"--xml-file={report}", "--leak-check=full",
            "--show-leak-kinds=definite,indirect,possible", "--child-silent-after-fork=yes", "./" + binary.Name, .. test.Args,
        ])
        {
            Files = TestFiles.Over(program.Files, test),
            Stdin = SandboxInput.FromFile(test.InputFile),
            CollectFiles = [report],
            CollectFileMaxBytes = 16L << 20,
            Limits = limits with
            {
                CpuTime = Min(limits.CpuTime * 10, SandboxLimits.Maximum.CpuTime),
                WallTime = SandboxLimits.WallTimeFor(Min(limits.CpuTime * 10, SandboxLimits.Maximum.CpuTime)),
                MemoryBytes = Math.Min(limits.MemoryBytes + (512L << 20), SandboxLimits.Maximum.MemoryBytes),
            },
        }, cancellationToken).ConfigureAwait(false);
        return run.Files.TryGetValue(report, out var xml) ? ValgrindXml.Parse(xml) : ValgrindReport.Missing;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
