namespace Arbiter.Storage;

/// <summary>An imported problem package: its zip as uploaded, and what lists need.</summary>
public sealed record ProblemRecord(string Id, string Name, string Type, DateTimeOffset ImportedAt, string? Owner, byte[] PackageZip);
