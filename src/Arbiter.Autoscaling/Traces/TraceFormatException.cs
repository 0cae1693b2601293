namespace Arbiter.Autoscaling.Traces;

/// <summary>A trace that cannot be read, with where and why in its message.</summary>
public sealed class TraceFormatException(string message) : Exception(message);
