using System.Globalization;

namespace Arbiter.Bench;

/// <summary>What <c>arbiter bench sandbox</c> prints; the headline fields are /bin/true's.</summary>
internal sealed record SandboxBenchmarkReport(
    int Runs,
    int Cores,
    int CgroupVersion,
    double BareMedianMs,
    double SandboxMedianMs,
    double OverheadMedianMs,
    double BareRunsPerSec,
    double SandboxRunsPerSec,
    double ThroughputRatio,
    IReadOnlyList<ProgramFigures> Programs)
{
    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            $"{Runs} runs, {Cores} cores, cgroup v{CgroupVersion}",
            "",
            "| program | mode | median ms | p95 ms | CPU median ms | CPU vs bare | runs/s, 1 slot | runs/s, 2 slots |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        };
        lines.AddRange(Programs.Select(p => $"| `{p.Program}` | {p.Mode} | {p.MedianMs:0.000} | {p.P95Ms:0.000} | {Number(p.CpuMedianMs, "0.00")} | " +
            $"{Number(p.CpuVsBare, "0.000")} | {Number(p.RunsPerSecOneSlot, "0.0")} | {Number(p.RunsPerSecTwoSlots, "0.0")} |"));
        lines.Add("");
        lines.Add($"/bin/true: overhead over bare {OverheadMedianMs:0.000} ms at the median; sandboxed throughput {ThroughputRatio:P0} of bare with 2 slots.");
        foreach (var program in Programs.Select(p => p.Program).Distinct())
        {
            var bare = Programs.First(p => p.Program == program && p.Mode == "bare");
            var sandbox = Programs.First(p => p.Program == program && p.Mode == "sandbox");
            lines.Add($"{program}: sandboxed CPU {sandbox.CpuVsBare - 1:+0.0 %;-0.0 %} over bare at the median, wall {sandbox.MedianMs - bare.MedianMs:+0.000;-0.000} ms.");
        }

        return string.Join('\n', lines);
    }

    private static string Number(double? value, string format) => value is { } number ? number.ToString(format, CultureInfo.InvariantCulture) : "–";
}
