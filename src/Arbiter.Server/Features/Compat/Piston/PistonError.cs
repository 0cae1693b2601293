using System.Text.Json.Serialization;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>Piston's error body.</summary>
internal sealed record PistonError([property: JsonPropertyName("message")] string Message);
