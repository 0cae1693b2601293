namespace Arbiter.Server.Tests.Telemetry;

/// <summary>One span as an OTLP collector received it, with the resource attributes of the
/// process that sent it (<c>arbiter.role</c>, <c>process.pid</c>…). Ids are lowercase hex.</summary>
internal sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Resource);
