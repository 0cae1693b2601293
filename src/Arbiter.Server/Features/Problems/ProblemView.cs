namespace Arbiter.Server.Features.Problems;

/// <summary>What anyone may see of a problem: never its secret data. <c>StatementHtml</c> is the
/// Markdown statement rendered on the server (see <see cref="StatementRenderer"/>).</summary>
public sealed record ProblemView(
    string Id,
    string Name,
    string Type,
    bool Interactive,
    double? TimeLimitSeconds,
    int? MemoryMiB,
    string? Statement,
    string? StatementHtml,
    IReadOnlyList<SampleView> Samples,
    IReadOnlyDictionary<string, string> Templates);

/// <summary>A sample test, shown in full (capped at 64 KiB a side).</summary>
public sealed record SampleView(string Name, string Input, string Answer);

/// <summary>A problem in a list.</summary>
public sealed record ProblemSummary(string Id, string Name, string Type, DateTimeOffset ImportedAt);
