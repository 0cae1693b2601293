using System.Text.Json.Serialization;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>A runtime of <c>GET runtimes</c>.</summary>
internal sealed record PistonRuntime(
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("runtime"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Runtime);
