namespace Arbiter.Bench;

/// <summary>What <c>arbiter bench service</c> prints; <see cref="Mode"/> names the store and the
/// processes measured, <see cref="WorkerProcesses"/> is 0 when the workers share the API's process.</summary>
internal sealed record ServiceBenchmarkReport(
    string Mode,
    int WorkerProcesses,
    int Requests,
    int Cores,
    IReadOnlyList<AcceptFigures> Accept,
    IReadOnlyList<LatencyFigures> Latency,
    ClassroomFigures? Classroom,
    IReadOnlyList<WorkloadFigures> Workloads)
{
    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            $"{Requests} requests per accept measurement, {Cores} cores, {Mode}",
            "",
            "| caller | clients | accepted submissions/s |",
            "|---|---:|---:|",
        };
        lines.AddRange(Accept.Select(a => $"| {a.Caller} | {a.Clients} | {a.AcceptedPerSecond:0} |"));
        lines.Add("");
        lines.Add("| language | clients | engine alone p50 ms | service p50 ms | p95 ms | p99 ms | service overhead p50 ms |");
        lines.Add("|---|---:|---:|---:|---:|---:|---:|");
        lines.AddRange(Latency.Select(l => $"| {l.Language} | {l.Clients} | {l.EngineP50Ms:0.0} | {l.P50Ms:0.0} | {l.P95Ms:0.0} | {l.P99Ms:0.0} | {l.OverheadP50Ms:0.0} |"));
        lines.Add("");
        lines.Add("| workload (`?wait=true`) | clients | requests/s | p50 ms | p95 ms | bare work | bare/s | bare p50 ms |");
        lines.Add("|---|---:|---:|---:|---:|---|---:|---:|");
        lines.AddRange(Workloads.Select(w => $"| {w.Workload} | {w.Clients} | {w.PerSecond:0.0} | {w.P50Ms:0.0} | {w.P95Ms:0.0} | {w.BareWork} | {w.BarePerSecond:0.0} | " +
            $"{w.BareP50Ms:0.0} |"));
        if (Classroom is { } c)
        {
            lines.Add("");
            lines.Add($"| {c.Clients} clients, API key | requests/s |");
            lines.Add("|---|---:|");
            lines.Add($"| whoami (baseline) | {c.WhoAmIPerSecond:0} |");
            lines.Add($"| draft saves (autosave) | {c.DraftSavesPerSecond:0} |");
            lines.Add($"| students autosaving every 3 s one API process carries | {c.DraftSavesPerSecond * 3:0} |");
        }

        return string.Join('\n', lines);
    }
}
