namespace Arbiter.Server.Features.Submissions;

/// <summary>POST /api/v1/submissions. Either <see cref="Source"/> (one file, named by the language)
/// or <see cref="Files"/> (the first is the main source). Without <see cref="Problem"/> it is a
/// playground run (stdin in, output out); with it, a judged submission.</summary>
public sealed record SubmissionRequest
{
    public string? Language { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<SubmissionFile>? Files { get; init; }

    public string? Stdin { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public string? Problem { get; init; }

    /// <summary>A course assignment to answer (instead of <see cref="Problem"/>): judged against
    /// its problem and counted in the course's grades. Only the course's members may.</summary>
    public string? Assignment { get; init; }

    public LimitsRequest? Limits { get; init; }

    public IReadOnlyList<string>? CompilerFlags { get; init; }

    public string? CallbackUrl { get; init; }

    /// <summary>Higher runs first (0 default, -10 to 10).</summary>
    public int Priority { get; init; }
}

/// <summary>A file of a submission; <see cref="Encoding"/> "utf-8" (default) or "base64".</summary>
public sealed record SubmissionFile(string? Name, string? Content, string? Encoding);

/// <summary>Limits a playground run asks for; each within the server's maxima.</summary>
public sealed record LimitsRequest(double? CpuTimeMs, double? WallTimeMs, long? MemoryMiB, int? Processes, long? OutputKiB);
