namespace Arbiter.Bench;

/// <summary>One workload through <c>POST /api/v1/submissions?wait=true</c> (requests per second
/// and latency with <see cref="Clients"/> concurrent clients) beside the same work done bare in
/// the benchmark's process with as many at once (<see cref="BareWork"/> says what that is).</summary>
internal sealed record WorkloadFigures(
    string Workload,
    int Clients,
    int Requests,
    double PerSecond,
    double P50Ms,
    double P95Ms,
    string BareWork,
    double BarePerSecond,
    double BareP50Ms);
