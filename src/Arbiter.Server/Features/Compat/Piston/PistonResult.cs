using System.Text.Json.Serialization;

namespace Arbiter.Server.Features.Compat.Piston;

/// <summary>Piston's answer to <c>POST execute</c>. As in Piston, <see cref="Compile"/> is there
/// for a compiled language, and <see cref="Run"/> is absent when compilation failed.</summary>
internal sealed record PistonResult(
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("run"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PistonStage? Run,
    [property: JsonPropertyName("compile"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PistonStage? Compile);
